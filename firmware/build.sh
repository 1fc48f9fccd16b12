#!/usr/bin/env bash
# Placeholder: replaced by the firmware work (rebuilds ELFs when arm-none-eabi-gcc is present).
echo "firmware: nothing to build yet"
