# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
# The first 64 bytes of an x86-64 ELF executable, then zeros.
printf '\177ELF\002\001\001\003\000\000\000\000\000\000\000\000\003\000>\000\001\000\000\000\260\334\001\000\000\000\000\000' >input.yaml
printf '@\000\000\000\000\000\000\000\060\010\023\000\000\000\000\000\000\000\000\000@\0008\000\r\000@\000!\000 \000' >>input.yaml
head -c 2000 /dev/zero >>input.yaml
