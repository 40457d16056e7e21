/* haicap: the single binary. main only dispatches to a command. */
#include <stdio.h>
#include <string.h>

#include "app/commands.h"
#include "core/err.h"

static const hc_command commands[] = {
    {"version", hc_cmd_version, "haicap version"},
    {"deadline", hc_cmd_deadline,
     "haicap deadline --received YYYY-MM-DDTHH:MM --limit Nd|Nh|sameday"},
    {"calendar", hc_cmd_calendar,
     "haicap calendar --year YYYY [--db FILE] | import --db FILE VN-YYYY.tsv"},
    {"demo", hc_cmd_demo,
     "haicap demo --db FILE [--scale X] [--now YYYY-MM-DDTHH:MM] [--city N (Hải Phòng, 114)]"},
    {"import", hc_cmd_import,
     "haicap import units|offices|procedures|dossiers --db FILE [--unit CODE] [--skip-bad] "
     "FILE.csv"},
    {"user", hc_cmd_user,
     "haicap user add --db FILE --unit CODE --username NAME --role ROLE < password"},
    {"serve", hc_cmd_serve,
     "haicap serve --db FILE [--listen 127.0.0.1:8080] [--threads N] [--secure-cookies]"},
    {"stats", hc_cmd_stats,
     "haicap stats --db FILE [--unit CODE | --all-units] --from DATE --to DATE [--json]"},
    {"index766", hc_cmd_index766,
     "haicap index766 --db FILE (--unit CODE | --all-units) --from DATE --to DATE [--json]"},
    {"report", hc_cmd_report,
     "haicap report --db FILE --unit CODE --from DATE --to DATE --format docx|xlsx|pdf --out FILE "
     "[--date DATE]"},
    {"evaluate", hc_cmd_evaluate,
     "haicap evaluate --db FILE --unit CODE (--from DATE --to DATE | --period YYYY|YYYY-Qn) "
     "[--by office|handler] [--json]"},
    {"audit", hc_cmd_audit, "haicap audit verify --db FILE [--unit CODE]"},
    {"backup", hc_cmd_backup, "haicap backup --db FILE|URL --out FILE [--json]"},
    {"restore", hc_cmd_restore, "haicap restore --db NEWFILE|URL --in FILE [--json]"},
    {"feedback", hc_cmd_feedback,
     "haicap feedback stats --db FILE --unit CODE --from DATE --to DATE [--json]"},
    {"form", hc_cmd_form,
     "haicap form --db FILE --dossier CODE --kind receipt|supplement|refusal|apology|control "
     "--out FILE.pdf [--secret S] [--base-url URL] | --db FILE [--unit CODE] --kind register "
     "--from DATE --to DATE --out FILE.pdf"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
	fprintf(f, "usage: haicap <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %s\n", commands[i].usage);
}

int hc_cli_fail(const hc_err *err)
{
	if (err->field[0])
		fprintf(stderr, "haicap: %s [%s] (%s)\n", err->detail, err->field, err->message);
	else
		fprintf(stderr, "haicap: %s (%s)\n", err->detail, err->message);
	return err->code == HC_EINVAL ? 2 : 1;
}

int hc_cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("haicap %s\n", HC_VERSION);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "haicap: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
