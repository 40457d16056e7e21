/* commands: every `haicap <command>` entry point, dispatched by main.c.
 * Each returns the process exit status (0 ok, 1 failure, 2 usage). Commands
 * parse arguments and print; the work is done by domain functions. */
#ifndef HC_COMMANDS_H
#define HC_COMMANDS_H

typedef int (*hc_command_fn)(int argc, char **argv);

typedef struct hc_command {
	const char *name;
	hc_command_fn run;
	const char *usage;
} hc_command;

/* Prints err to stderr as "haicap: <detail> (<message>)"; returns exit code. */
struct hc_err;
int hc_cli_fail(const struct hc_err *err);

int hc_cmd_version(int argc, char **argv);
int hc_cmd_import(int argc, char **argv);
int hc_cmd_deadline(int argc, char **argv);
int hc_cmd_calendar(int argc, char **argv);
int hc_cmd_demo(int argc, char **argv);
int hc_cmd_user(int argc, char **argv);
int hc_cmd_serve(int argc, char **argv);
int hc_cmd_stats(int argc, char **argv);
int hc_cmd_index766(int argc, char **argv);
int hc_cmd_evaluate(int argc, char **argv);
int hc_cmd_audit(int argc, char **argv);
int hc_cmd_backup(int argc, char **argv);
int hc_cmd_restore(int argc, char **argv);
int hc_cmd_feedback(int argc, char **argv);
int hc_cmd_form(int argc, char **argv);
int hc_cmd_report(int argc, char **argv);

#endif
