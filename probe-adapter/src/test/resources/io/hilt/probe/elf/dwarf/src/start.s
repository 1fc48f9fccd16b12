@ Hand-written line info with MD5 checksums (DW_FORM_data16), assembled with as --gdwarf-5.
	.syntax unified
	.thumb
	.file 0 "/work/proj" "src/start.s" md5 0x00112233445566778899aabbccddeeff
	.file 1 "/work/proj" "src/start.s" md5 0x00112233445566778899aabbccddeeff
	.text
	.globl start
	.thumb_func
start:
	.loc 1 10 3
	movs r0, #1
	.loc 1 11 5
	adds r0, r0, #2
	.loc 1 12 1
	bx lr
