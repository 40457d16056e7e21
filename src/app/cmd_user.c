/* `haicap user add`: creates a staff account; the password is read from
 * standard input (first line) so it never appears in the process list. The
 * account and its audit row ("staff.add", actor "system") are written in one
 * transaction. */
#include <stdio.h>
#include <string.h>

#include "app/args.h"
#include "app/commands.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/staff.h"
#include "domain/unit.h"

static int read_password(char *buf, size_t cap, hc_err *err)
{
	if (!fgets(buf, (int)cap, stdin))
		return hc_err_set(err, HC_EINVAL, "password", "Chưa nhập mật khẩu",
		                  "no password on standard input");
	size_t n = strlen(buf);
	if (n && buf[n - 1] != '\n' && !feof(stdin))
		return hc_err_set(err, HC_EINVAL, "password", "Mật khẩu quá dài",
		                  "password line too long");
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	if (!n)
		return hc_err_set(err, HC_EINVAL, "password", "Chưa nhập mật khẩu",
		                  "empty password");
	return HC_OK;
}

int hc_cmd_user(int argc, char **argv)
{
	static const char *const spec[] = {
	    "db:", "unit:", "username:", "role:", "name:", "office:", NULL};
	hc_args a;
	hc_err err = {0};
	const char *db_path, *unit_code, *username, *role_s;
	if (hc_args_parse(argc, argv, spec, &a, &err) || hc_args_need(&a, "db", &db_path, &err) ||
	    hc_args_need(&a, "unit", &unit_code, &err) ||
	    hc_args_need(&a, "username", &username, &err) ||
	    hc_args_need(&a, "role", &role_s, &err))
		return hc_cli_fail(&err);
	if (a.npos != 1 || strcmp(a.pos[0], "add") != 0) {
		fprintf(stderr,
		        "usage: haicap user add --db FILE --unit CODE --username NAME --role "
		        "ROLE [--name \"Full Name\"] [--office CODE] < password\n");
		return 2;
	}
	enum hc_role role;
	if (!hc_role_parse(role_s, &role)) {
		hc_err_set(&err, HC_EINVAL, "role", "Vai trò không hợp lệ",
		           "role must be reception, specialist, head, leader, clerk, supervisor or "
		           "admin");
		return hc_cli_fail(&err);
	}
	char password[HC_PASSWORD_MAX + 8];
	if (read_password(password, sizeof password, &err))
		return hc_cli_fail(&err);
	hc_db *db;
	if (hc_auth_init(&err) || hc_db_open(db_path, 1, &db, &err))
		return hc_cli_fail(&err);
	hc_tx *tx;
	int rc = hc_tx_begin(db, HC_TX_WRITE, &tx, &err);
	if (!rc) {
		hc_unit u;
		hc_office o = {0};
		int64_t id;
		hc_clock clock = {0};
		rc = hc_unit_by_code(tx, unit_code, &u, &err);
		if (!rc && hc_args_get(&a, "office"))
			rc = hc_office_by_code(tx, u.id, hc_args_get(&a, "office"), &o, &err);
		const char *name = hc_args_get(&a, "name") ? hc_args_get(&a, "name") : username;
		int64_t now = hc_clock_now(&clock);
		if (!rc)
			rc = hc_staff_add(tx, u.id, o.id, username, name, role, password, now, &id,
			                  &err);
		if (!rc) {
			/* the username was validated ([a-z0-9._-]) and the role parsed,
			 * so both are safe inside the JSON detail */
			char object[64], detail[96];
			snprintf(object, sizeof object, "staff:%s", username);
			snprintf(detail, sizeof detail, "{\"role\":\"%s\",\"office_id\":%lld}",
			         hc_role_name(role), (long long)o.id);
			rc = hc_audit_append(tx, u.id, now, "system", "staff.add", object, detail,
			                     &err);
		}
		rc = hc_tx_end(tx, rc, &err);
	}
	hc_db_close(db);
	memset(password, 0, sizeof password);
	if (rc)
		return hc_cli_fail(&err);
	printf("created user %s (%s) in unit %s\n", username, role_s, unit_code);
	return 0;
}
