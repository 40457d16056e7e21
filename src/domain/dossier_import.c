/* dossier_import: the `dossiers` kind of the CSV import (import.h): legacy
 * dossiers of the old communes, kept with their original codes and times
 * (DESIGN §3.3). Columns:
 *   code,procedure_code,channel,received_at,finished_at,outcome,returned_at,
 *   due_at,digitized_input,digitized_result,e_result,fee_paid_online,reused
 * Part of the dossier module (dossier.h); split out to keep files small. */
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "core/time.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/deadline.h"
#include "domain/dossier.h"
#include "domain/import.h"
#include "domain/procedure.h"
#include "domain/unit.h"

enum {
	C_CODE,
	C_PROCEDURE,
	C_CHANNEL,
	C_RECEIVED,
	C_FINISHED,
	C_OUTCOME,
	C_RETURNED,
	C_DUE,
	C_DIG_IN,
	C_DIG_RES,
	C_E_RES,
	C_PAID_ONLINE,
	C_REUSED
};

const char *const hc_dossier_import_columns[] = {"code",
                                                 "procedure_code",
                                                 "channel",
                                                 "received_at",
                                                 "finished_at",
                                                 "outcome",
                                                 "returned_at",
                                                 "due_at",
                                                 "digitized_input",
                                                 "digitized_result",
                                                 "e_result",
                                                 "fee_paid_online",
                                                 "reused",
                                                 NULL};

static bool empty(const char *s)
{
	return !s || !*s;
}

static int flag01(const char *s, const char *field, bool *out, hc_err *err)
{
	if (s && (strcmp(s, "0") == 0 || strcmp(s, "1") == 0)) {
		*out = s[0] == '1';
		return HC_OK;
	}
	return hc_err_set(err, HC_EINVAL, field, "Giá trị phải là 0 hoặc 1", "must be 0 or 1");
}

static int opt_time(const char *s, const char *field, int64_t *out, hc_err *err)
{
	*out = 0;
	return empty(s) ? HC_OK : hc_parse_local_time(s, field, out, err);
}

static bool valid_code(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > 63)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      c == '-' || c == '.' || c == '_' || c == '/'))
			return false;
	}
	return true;
}

int hc_dossier_import_row(hc_tx *tx, const hc_import_ctx *ctx, const char *const *f, hc_err *err)
{
	if (!valid_code(f[C_CODE]))
		return hc_err_set(err, HC_EINVAL, "code",
		                  "Mã hồ sơ phải có 3–63 ký tự chữ, số, '-', '.', '_' hoặc '/'",
		                  "invalid dossier code");
	const char *channel = f[C_CHANNEL];
	if (!channel ||
	    (strcmp(channel, "direct") && strcmp(channel, "online") && strcmp(channel, "postal")))
		return hc_err_set(err, HC_EINVAL, "channel",
		                  "Kênh phải là direct, online hoặc postal",
		                  "channel must be direct, online or postal");
	int64_t received, finished, returned, due;
	int rc;
	if ((rc = hc_parse_local_time(f[C_RECEIVED], "received_at", &received, err)) ||
	    (rc = opt_time(f[C_FINISHED], "finished_at", &finished, err)) ||
	    (rc = opt_time(f[C_RETURNED], "returned_at", &returned, err)) ||
	    (rc = opt_time(f[C_DUE], "due_at", &due, err)))
		return rc;
	const char *outcome = f[C_OUTCOME] ? f[C_OUTCOME] : "";
	if (*outcome && strcmp(outcome, "resolved") && strcmp(outcome, "rejected") &&
	    strcmp(outcome, "withdrawn"))
		return hc_err_set(err, HC_EINVAL, "outcome",
		                  "Kết quả phải là resolved, rejected, withdrawn hoặc để trống",
		                  "outcome must be resolved, rejected, withdrawn or empty");
	if (*outcome && !finished)
		return hc_err_set(err, HC_EINVAL, "finished_at",
		                  "Hồ sơ đã có kết quả phải có thời điểm hoàn thành",
		                  "outcome without finished_at");
	if (!*outcome && finished)
		return hc_err_set(err, HC_EINVAL, "outcome",
		                  "Có thời điểm hoàn thành thì phải ghi kết quả",
		                  "finished_at without outcome");
	if (finished && finished < received)
		return hc_err_set(err, HC_EINVAL, "finished_at",
		                  "Thời điểm hoàn thành trước thời điểm tiếp nhận",
		                  "finished before received");
	if (returned && (!finished || returned < finished || strcmp(outcome, "withdrawn") == 0))
		return hc_err_set(err, HC_EINVAL, "returned_at",
		                  "Thời điểm trả kết quả phải sau khi hoàn thành",
		                  "returned_at without an earlier finish");
	if (received > ctx->now || finished > ctx->now || returned > ctx->now)
		return hc_err_set(err, HC_EINVAL,
		                  finished > ctx->now ? "finished_at" : "received_at",
		                  "Thời điểm nằm trong tương lai", "time in the future");
	bool dig_in, dig_res, e_res, reused, paid_online = false;
	if ((rc = flag01(f[C_DIG_IN], "digitized_input", &dig_in, err)) ||
	    (rc = flag01(f[C_DIG_RES], "digitized_result", &dig_res, err)) ||
	    (rc = flag01(f[C_E_RES], "e_result", &e_res, err)) ||
	    (rc = flag01(f[C_REUSED], "reused", &reused, err)))
		return rc;

	hc_procedure p;
	rc = hc_procedure_by_code(tx, ctx->unit_id, f[C_PROCEDURE], &p, err);
	if (rc == HC_ENOTFOUND)
		return hc_err_set(err, HC_EINVAL, "procedure_code",
		                  "Thủ tục không có trong danh mục của đơn vị",
		                  "unknown procedure");
	if (rc)
		return rc;
	if (p.fee > 0)
		rc = flag01(f[C_PAID_ONLINE], "fee_paid_online", &paid_online, err);
	else if (!empty(f[C_PAID_ONLINE]))
		rc = hc_err_set(err, HC_EINVAL, "fee_paid_online",
		                "Thủ tục không thu phí: để trống cột này",
		                "fee_paid_online given for a procedure without fee");
	if (!rc && !due) {
		hc_unit u;
		hc_hours h;
		rc = hc_unit_by_id(tx, ctx->unit_id, &u, err);
		if (!rc)
			rc = hc_hours_parse(u.office_hours, &h, err);
		if (!rc)
			due = hc_deadline_due(ctx->cal, &h, received, p.limit);
	}
	int64_t proc_id = p.id, fee = p.fee;
	hc_procedure_clear(&p);
	if (rc)
		return rc;

	const char *status = !*outcome                          ? "processing"
	                     : strcmp(outcome, "resolved") != 0 ? outcome
	                     : returned                         ? "returned"
	                                                        : "resolved";
	char secret[16], hash[128];
	hc_auth_secret_new(secret);
	hc_auth_secret_hash(secret, hash);
	int64_t exists = 0;
	rc = hc_tx_query_int(tx, err, &exists, "SELECT COUNT(*) FROM dossiers WHERE code = ?", "t",
	                     f[C_CODE]);
	if (!rc && exists)
		return hc_err_set(err, HC_ECONFLICT, "code", "Mã hồ sơ đã tồn tại",
		                  "dossier code already exists");
	int64_t id = 0;
	if (!rc)
		rc = hc_tx_query_int(
		    tx, err, &id,
		    "INSERT INTO dossiers (unit_id, deciding_unit_id, code, secret_hash,"
		    " procedure_id, channel, status, applicant_name, applicant_fold, received_at,"
		    " due_at, original_due_at, finished_at, outcome, returned_at, fee, fee_paid,"
		    " fee_paid_online, digitized_input, digitized_result, e_result, reused, legacy,"
		    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', '', ?, ?, ?, NULLIF(?, 0),"
		    " NULLIF(?, ''), NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING id",
		    "iittitt"
		    "iiiitiiiiiiiii",
		    ctx->unit_id, ctx->unit_id, f[C_CODE], hash, proc_id, channel, status, received,
		    due, due, finished, outcome, returned, fee, (int64_t)(fee > 0),
		    (int64_t)paid_online, (int64_t)dig_in, (int64_t)dig_res, (int64_t)e_res,
		    (int64_t)reused, ctx->now);
	if (!rc)
		rc = hc_tx_exec(
		    tx, err,
		    "INSERT INTO dossier_actions (unit_id, dossier_id, action, from_status,"
		    " to_status, actor_name, at, note) VALUES (?, ?, 'import', '', ?,"
		    " 'Hệ thống', ?, 'Nhập từ dữ liệu của đơn vị cũ')",
		    "iiti", ctx->unit_id, id, status, ctx->now);
	if (!rc) {
		char object[96];
		snprintf(object, sizeof object, "dossier:%s", f[C_CODE]);
		rc = hc_audit_append(tx, ctx->unit_id, ctx->now, "system", "import", object, "",
		                     err);
	}
	return rc;
}
