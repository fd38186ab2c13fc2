/* Subcommands implemented outside main.c. */
#ifndef ZC_CLI_H
#define ZC_CLI_H

/* `zicha id CODE`: argv[0] is "id". Returns the exit status (0 valid, 1 invalid, 2 usage). */
int zc_cli_id(int argc, char **argv);

#endif
