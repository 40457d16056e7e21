/* dossier: see dossier.h. Legal basis of the rules applied here:
 * - receipt code: Circular 01/2018/TT-VPCP Art. 19 (unit - date - sequence);
 * - supplement, extension with apology, classification: Decree 61/2018/NĐ-CP
 *   Art. 15, 19 (as amended by Decree 107/2021 and its successors), computed
 *   by deadline.c. */
#include "domain/dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/time.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/counter.h"
#include "domain/deadline.h"
#include "domain/perm.h"
#include "domain/procedure.h"
#include "domain/staff.h"
#include "domain/unit.h"

static const struct {
	const char *name;
	const char *label;
} statuses[HC_DS_COUNT] = {
    [HC_DS_RECEIVED] = {"received", "Đã tiếp nhận"},
    [HC_DS_PROCESSING] = {"processing", "Đang giải quyết"},
    [HC_DS_AWAITING_SUPPLEMENT] = {"awaiting_supplement", "Chờ bổ sung hồ sơ"},
    [HC_DS_AWAITING_PAYMENT] = {"awaiting_payment", "Chờ nộp phí, lệ phí"},
    [HC_DS_AWAITING_SIGNATURE] = {"awaiting_signature", "Chờ ký duyệt"},
    [HC_DS_RESOLVED] = {"resolved", "Đã có kết quả"},
    [HC_DS_RETURNED] = {"returned", "Đã trả kết quả"},
    [HC_DS_REJECTED] = {"rejected", "Từ chối giải quyết"},
    [HC_DS_WITHDRAWN] = {"withdrawn", "Đã rút hồ sơ"},
};

const char *hc_dossier_status_name(enum hc_dossier_status s)
{
	return (unsigned)s < HC_DS_COUNT ? statuses[s].name : "unknown";
}

const char *hc_dossier_status_label(enum hc_dossier_status s)
{
	return (unsigned)s < HC_DS_COUNT ? statuses[s].label : "Không xác định";
}

bool hc_dossier_status_parse(const char *s, enum hc_dossier_status *out)
{
	for (int i = 0; s && i < HC_DS_COUNT; i++) {
		if (strcmp(s, statuses[i].name) == 0) {
			*out = (enum hc_dossier_status)i;
			return true;
		}
	}
	return false;
}

#define ST(s) (1u << (s))
#define UNFINISHED                                                                                 \
	(ST(HC_DS_RECEIVED) | ST(HC_DS_PROCESSING) | ST(HC_DS_AWAITING_SUPPLEMENT) |               \
	 ST(HC_DS_AWAITING_PAYMENT) | ST(HC_DS_AWAITING_SIGNATURE))
#define SAME (-1) /* the action keeps the status */

enum act {
	A_ASSIGN,
	A_FORWARD,
	A_REQUEST_SUPPLEMENT,
	A_SUPPLEMENT_RECEIVED,
	A_REQUEST_PAYMENT,
	A_RECORD_PAYMENT,
	A_SUBMIT,
	A_RESOLVE,
	A_REJECT,
	A_EXTEND,
	A_RETURN,
	A_WITHDRAW,
	A_RATE,
	A_COUNT
};

/* The state machine: which statuses an action leaves from, where it goes,
 * and the permission it needs (alt: a second permission that also allows). */
static const struct action_rule {
	const char *name;
	const char *label; /* Vietnamese, for refusals */
	unsigned from;
	int to;
	enum hc_perm perm;
	int alt_perm; /* -1: none */
} rules[A_COUNT] = {
    [A_ASSIGN] = {"assign", "phân công xử lý", ST(HC_DS_RECEIVED) | ST(HC_DS_PROCESSING),
                  HC_DS_PROCESSING, HC_PERM_DOSSIER_ASSIGN, -1},
    [A_FORWARD] = {"forward", "chuyển xử lý", ST(HC_DS_PROCESSING), HC_DS_PROCESSING,
                   HC_PERM_DOSSIER_ASSIGN, HC_PERM_DOSSIER_PROCESS},
    [A_REQUEST_SUPPLEMENT] = {"request_supplement", "yêu cầu bổ sung hồ sơ", ST(HC_DS_PROCESSING),
                              HC_DS_AWAITING_SUPPLEMENT, HC_PERM_DOSSIER_PROCESS, -1},
    [A_SUPPLEMENT_RECEIVED] = {"supplement_received", "nhận hồ sơ bổ sung",
                               ST(HC_DS_AWAITING_SUPPLEMENT), HC_DS_PROCESSING,
                               HC_PERM_DOSSIER_RECEIVE, HC_PERM_DOSSIER_PROCESS},
    [A_REQUEST_PAYMENT] = {"request_payment", "yêu cầu nộp phí, lệ phí", ST(HC_DS_PROCESSING),
                           HC_DS_AWAITING_PAYMENT, HC_PERM_DOSSIER_PROCESS, -1},
    [A_RECORD_PAYMENT] = {"record_payment", "ghi nhận nộp phí, lệ phí", ST(HC_DS_AWAITING_PAYMENT),
                          HC_DS_PROCESSING, HC_PERM_DOSSIER_RECEIVE, HC_PERM_DOSSIER_PROCESS},
    [A_SUBMIT] = {"submit_for_signature", "trình ký", ST(HC_DS_PROCESSING),
                  HC_DS_AWAITING_SIGNATURE, HC_PERM_DOSSIER_PROCESS, -1},
    [A_RESOLVE] = {"resolve", "ký duyệt kết quả", ST(HC_DS_AWAITING_SIGNATURE), HC_DS_RESOLVED,
                   HC_PERM_DOSSIER_DECIDE, -1},
    [A_REJECT] = {"reject", "từ chối giải quyết",
                  ST(HC_DS_RECEIVED) | ST(HC_DS_PROCESSING) | ST(HC_DS_AWAITING_SIGNATURE),
                  HC_DS_REJECTED, HC_PERM_DOSSIER_DECIDE, -1},
    [A_EXTEND] = {"extend", "gia hạn (phiếu xin lỗi và hẹn lại ngày trả)", UNFINISHED, SAME,
                  HC_PERM_DOSSIER_EXTEND, -1},
    [A_RETURN] = {"return_result", "trả kết quả", ST(HC_DS_RESOLVED) | ST(HC_DS_REJECTED), SAME,
                  HC_PERM_DOSSIER_RETURN, -1},
    [A_WITHDRAW] = {"withdraw", "rút hồ sơ", UNFINISHED, HC_DS_WITHDRAWN, HC_PERM_DOSSIER_RETURN,
                    HC_PERM_DOSSIER_RECEIVE},
    [A_RATE] = {"rate", "ghi nhận đánh giá", ST(HC_DS_RETURNED) | ST(HC_DS_REJECTED), SAME,
                HC_PERM_DOSSIER_RETURN, -1},
};

const char *hc_dossier_action_label(const char *action)
{
	if (strcmp(action, "receive") == 0)
		return "tiếp nhận hồ sơ";
	for (int i = 0; i < A_COUNT; i++)
		if (strcmp(rules[i].name, action) == 0)
			return rules[i].label;
	return action;
}

/* Copies src into dst[cap]; a value too long is cut at a character
 * boundary, never inside a UTF-8 sequence (the fields are sized for their
 * validated limits, so this is only a safety net). */
static void cpy(char *dst, size_t cap, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

/* ---- reading ---------------------------------------------------------- */

#define SELECT_DOSSIER                                                                             \
	"SELECT d.id, d.unit_id, d.deciding_unit_id, u.code, d.code, d.procedure_id, p.code,"      \
	" p.name, p.field, d.channel, d.status, d.applicant_name, d.applicant_id_number,"          \
	" d.applicant_phone, d.applicant_address, d.office_id, o.name, d.handler_id,"              \
	" s.full_name, d.received_at, d.due_at, d.original_due_at, d.extended_due_at,"             \
	" d.supplement_count, d.supplement_since, d.flags, d.finished_at, d.outcome,"              \
	" d.returned_at, d.fee, d.fee_paid, d.fee_paid_online, d.digitized_input,"                 \
	" d.digitized_result, d.e_result, d.reused, d.rating, d.legacy, d.secret_hash"             \
	" FROM dossiers d JOIN procedures p ON p.id = d.procedure_id"                              \
	" JOIN units u ON u.id = d.unit_id LEFT JOIN offices o ON o.id = d.office_id"              \
	" LEFT JOIN staff s ON s.id = d.handler_id "

/* The rows of a count: the tables its conditions may name (p.field and
 * p.name_fold). */
#define COUNT_FROM "SELECT d.id FROM dossiers d JOIN procedures p ON p.id = d.procedure_id "
#define COL_RECEIVED 19 /* d.received_at in SELECT_DOSSIER, from 0 */
#define COL_SECRET 38

static void read_row(hc_stmt *st, hc_dossier *d)
{
	memset(d, 0, sizeof *d);
	d->id = hc_stmt_int(st, 0);
	d->unit_id = hc_stmt_int(st, 1);
	d->deciding_unit_id = hc_stmt_int(st, 2);
	cpy(d->unit_code, sizeof d->unit_code, hc_stmt_text(st, 3));
	cpy(d->code, sizeof d->code, hc_stmt_text(st, 4));
	d->procedure_id = hc_stmt_int(st, 5);
	cpy(d->procedure_code, sizeof d->procedure_code, hc_stmt_text(st, 6));
	cpy(d->procedure_name, sizeof d->procedure_name, hc_stmt_text(st, 7));
	cpy(d->field, sizeof d->field, hc_stmt_text(st, 8));
	cpy(d->channel, sizeof d->channel, hc_stmt_text(st, 9));
	enum hc_dossier_status s = HC_DS_RECEIVED;
	hc_dossier_status_parse(hc_stmt_text(st, 10), &s);
	d->status = s;
	cpy(d->applicant_name, sizeof d->applicant_name, hc_stmt_text(st, 11));
	cpy(d->applicant_id_number, sizeof d->applicant_id_number, hc_stmt_text(st, 12));
	cpy(d->applicant_phone, sizeof d->applicant_phone, hc_stmt_text(st, 13));
	cpy(d->applicant_address, sizeof d->applicant_address, hc_stmt_text(st, 14));
	d->office_id = hc_stmt_int(st, 15);
	cpy(d->office_name, sizeof d->office_name, hc_stmt_text(st, 16));
	d->handler_id = hc_stmt_int(st, 17);
	cpy(d->handler_name, sizeof d->handler_name, hc_stmt_text(st, 18));
	d->received_at = hc_stmt_int(st, 19);
	d->due_at = hc_stmt_int(st, 20);
	d->original_due_at = hc_stmt_int(st, 21);
	d->extended_due_at = hc_stmt_int(st, 22);
	d->supplement_count = (int)hc_stmt_int(st, 23);
	d->supplement_since = hc_stmt_int(st, 24);
	d->flags = (int)hc_stmt_int(st, 25);
	d->finished_at = hc_stmt_int(st, 26);
	cpy(d->outcome, sizeof d->outcome, hc_stmt_text(st, 27));
	d->returned_at = hc_stmt_int(st, 28);
	d->fee = hc_stmt_int(st, 29);
	d->fee_paid = hc_stmt_int(st, 30) != 0;
	d->fee_paid_online = hc_stmt_int(st, 31) != 0;
	d->digitized_input = hc_stmt_int(st, 32) != 0;
	d->digitized_result = hc_stmt_int(st, 33) != 0;
	d->e_result = hc_stmt_int(st, 34) != 0;
	d->reused = hc_stmt_int(st, 35) != 0;
	d->rating = (int)hc_stmt_int(st, 36);
	d->legacy = hc_stmt_int(st, 37) != 0;
}

void hc_dossier_free(hc_dossier *d)
{
	if (!d)
		return;
	for (int i = 0; i < d->ncomponents; i++)
		free(d->components[i].name);
	free(d->components);
	for (int i = 0; i < d->nactions; i++)
		free(d->actions[i].note);
	free(d->actions);
	free(d);
}

static int oom(hc_err *err)
{
	return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "out of memory");
}

static int load_details(hc_tx *tx, hc_dossier *d, hc_err *err)
{
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st,
	                     "SELECT name, digitized, reused FROM dossier_components"
	                     " WHERE dossier_id = ? ORDER BY id",
	                     "i", d->id);
	if (rc)
		return rc;
	int cap = 0;
	while (hc_stmt_next(st)) {
		if (d->ncomponents == cap) {
			cap = cap ? cap * 2 : 8;
			void *p = realloc(d->components, sizeof *d->components * (size_t)cap);
			if (!p) {
				hc_stmt_finish(st, NULL);
				return oom(err);
			}
			d->components = p;
		}
		hc_dossier_component *c = &d->components[d->ncomponents];
		c->name = strdup(hc_stmt_text(st, 0) ? hc_stmt_text(st, 0) : "");
		if (!c->name) {
			hc_stmt_finish(st, NULL);
			return oom(err);
		}
		c->digitized = hc_stmt_int(st, 1) != 0;
		c->reused = hc_stmt_int(st, 2) != 0;
		d->ncomponents++;
	}
	rc = hc_stmt_finish(st, err);
	if (rc)
		return rc;
	rc = hc_tx_query(tx, err, &st,
	                 "SELECT action, from_status, to_status, actor_name, at, note"
	                 " FROM dossier_actions WHERE dossier_id = ? ORDER BY id",
	                 "i", d->id);
	if (rc)
		return rc;
	cap = 0;
	while (hc_stmt_next(st)) {
		if (d->nactions == cap) {
			cap = cap ? cap * 2 : 8;
			void *p = realloc(d->actions, sizeof *d->actions * (size_t)cap);
			if (!p) {
				hc_stmt_finish(st, NULL);
				return oom(err);
			}
			d->actions = p;
		}
		hc_dossier_action *a = &d->actions[d->nactions];
		cpy(a->action, sizeof a->action, hc_stmt_text(st, 0));
		cpy(a->from_status, sizeof a->from_status, hc_stmt_text(st, 1));
		cpy(a->to_status, sizeof a->to_status, hc_stmt_text(st, 2));
		cpy(a->actor_name, sizeof a->actor_name, hc_stmt_text(st, 3));
		a->at = hc_stmt_int(st, 4);
		a->note = strdup(hc_stmt_text(st, 5) ? hc_stmt_text(st, 5) : "");
		if (!a->note) {
			hc_stmt_finish(st, NULL);
			return oom(err);
		}
		d->nactions++;
	}
	return hc_stmt_finish(st, err);
}

/* Loads the dossier by code; secret_hash (optional) receives the stored hash. */
static int load(hc_tx *tx, const char *code, bool details, hc_dossier **out, char secret_hash[128],
                hc_err *err)
{
	*out = NULL;
	if (!code || !*code || strlen(code) > 63)
		return hc_err_set(err, HC_ENOTFOUND, "code", "Không tìm thấy hồ sơ",
		                  "no dossier with that code");
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st, SELECT_DOSSIER "WHERE d.code = ?", "t", code);
	if (rc)
		return rc;
	hc_dossier *d = NULL;
	if (hc_stmt_next(st)) {
		d = calloc(1, sizeof *d);
		if (!d) {
			hc_stmt_finish(st, NULL);
			return oom(err);
		}
		read_row(st, d);
		if (secret_hash)
			cpy(secret_hash, 128, hc_stmt_text(st, COL_SECRET));
	}
	rc = hc_stmt_finish(st, err);
	if (!rc && !d)
		rc = hc_err_set(err, HC_ENOTFOUND, "code", "Không tìm thấy hồ sơ",
		                "no dossier %.63s", code);
	if (!rc && details)
		rc = load_details(tx, d, err);
	if (rc) {
		hc_dossier_free(d);
		return rc;
	}
	*out = d;
	return HC_OK;
}

/* The unit whose permission applies: the actor's own when it is the deciding
 * unit of a boundary-free dossier, else the receiving unit. */
static int64_t scope_unit(const hc_actor *a, const hc_dossier *d)
{
	return a->unit_id == d->deciding_unit_id ? d->deciding_unit_id : d->unit_id;
}

/* The dossier by code once the actor may read it: the one read check of
 * hc_dossier_get and hc_dossier_locate. */
static int load_readable(hc_tx *tx, const hc_actor *a, const char *code, bool details,
                         hc_dossier **out, hc_err *err)
{
	hc_dossier *d = NULL;
	int rc = load(tx, code, details, &d, NULL, err);
	if (rc)
		return rc;
	rc = hc_perm_check(a, HC_PERM_DOSSIER_READ, scope_unit(a, d), err);
	if (rc) {
		hc_dossier_free(d);
		return rc;
	}
	*out = d;
	return HC_OK;
}

int hc_dossier_get(hc_tx *tx, const hc_actor *a, const char *code, hc_dossier **out, hc_err *err)
{
	return load_readable(tx, a, code, true, out, err);
}

int hc_dossier_locate(hc_tx *tx, const hc_actor *a, const char *code, int64_t *id, int64_t *unit_id,
                      hc_err *err)
{
	hc_dossier *d = NULL;
	int rc = load_readable(tx, a, code, false, &d, err);
	if (rc)
		return rc;
	*id = d->id;
	*unit_id = d->unit_id;
	hc_dossier_free(d);
	return HC_OK;
}

static int load_public(hc_tx *tx, const char *code, const char *secret, bool details,
                       hc_dossier **out, hc_err *err)
{
	char hash[128];
	hc_dossier *d = NULL;
	int rc = load(tx, code, details, &d, hash, err);
	if (rc)
		return rc;
	if (!secret || !hc_auth_secret_verify(secret, hash)) {
		hc_dossier_free(d);
		/* same reply as an unknown code: the secret's existence is not revealed */
		return hc_err_set(err, HC_ENOTFOUND, "code", "Không tìm thấy hồ sơ",
		                  "wrong secret for dossier");
	}
	*out = d;
	return HC_OK;
}

int hc_dossier_get_public(hc_tx *tx, const char *code, const char *secret, hc_dossier **out,
                          hc_err *err)
{
	return load_public(tx, code, secret, true, out, err);
}

/* ---- writing ---------------------------------------------------------- */

static int record(hc_tx *tx, const hc_env *env, const hc_actor *a, const hc_dossier *d,
                  const char *action, const char *from, const char *to, const char *note,
                  hc_err *err)
{
	const char *who = a->full_name[0] ? a->full_name : "Hệ thống";
	int rc = hc_tx_exec(tx, err,
	                    "INSERT INTO dossier_actions (unit_id, dossier_id, action, from_status,"
	                    " to_status, actor_id, actor_name, at, note)"
	                    " VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?)",
	                    "iitttitit", d->unit_id, d->id, action, from, to, a->staff_id, who,
	                    env->now, note ? note : "");
	if (rc)
		return rc;
	char object[96], detail[160];
	snprintf(object, sizeof object, "dossier:%s", d->code);
	snprintf(detail, sizeof detail, "{\"from\":\"%s\",\"to\":\"%s\"}", from, to);
	return hc_audit_append(tx, d->unit_id, env->now, a->username[0] ? a->username : "system",
	                       action, object, detail, err);
}

static int unit_hours(hc_tx *tx, int64_t unit_id, hc_unit *u, hc_hours *h, hc_err *err)
{
	int rc = hc_unit_by_id(tx, unit_id, u, err);
	if (rc)
		return rc;
	return hc_hours_parse(u->office_hours, h, err);
}

static bool valid_id_number(const char *s)
{
	size_t n = strlen(s);
	if (n < 6 || n > 20)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z')))
			return false;
	return true;
}

int hc_dossier_applicant_recall(hc_tx *tx, const hc_actor *a, const char *id_number,
                                hc_applicant *out, hc_err *err)
{
	memset(out, 0, sizeof *out);
	int rc = hc_perm_check(a, HC_PERM_DOSSIER_RECEIVE, a->unit_id, err);
	if (rc)
		return rc;
	if (!id_number || !valid_id_number(id_number))
		return hc_err_set(err, HC_EINVAL, "applicant.id_number",
		                  "Số giấy tờ tùy thân chỉ gồm 6–20 chữ số hoặc chữ in hoa",
		                  "id_number must be 6-20 digits or capital letters");
	hc_stmt *st;
	rc = hc_tx_query(tx, err, &st,
	                 "SELECT applicant_name, applicant_id_number, applicant_phone,"
	                 " applicant_address, code, received_at FROM dossiers"
	                 " WHERE unit_id = ? AND applicant_id_number = ?"
	                 " ORDER BY received_at DESC, id DESC LIMIT 1",
	                 "it", a->unit_id, id_number);
	if (rc)
		return rc;
	bool found = hc_stmt_next(st);
	if (found) {
		cpy(out->name, sizeof out->name, hc_stmt_text(st, 0));
		cpy(out->id_number, sizeof out->id_number, hc_stmt_text(st, 1));
		cpy(out->phone, sizeof out->phone, hc_stmt_text(st, 2));
		cpy(out->address, sizeof out->address, hc_stmt_text(st, 3));
		cpy(out->dossier_code, sizeof out->dossier_code, hc_stmt_text(st, 4));
		out->received_at = hc_stmt_int(st, 5);
	}
	if ((rc = hc_stmt_finish(st, err)))
		return rc;
	if (!found)
		return hc_err_set(err, HC_ENOTFOUND, "applicant.id_number",
		                  "Đơn vị chưa có hồ sơ nào của số định danh này",
		                  "no dossier of this id number in the unit");
	return HC_OK;
}

static bool valid_phone(const char *s)
{
	size_t n = strlen(s), digits = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (!(i == 0 && s[i] == '+') && s[i] != ' ' && s[i] != '.')
			return false;
	}
	return digits >= 9 && digits <= 15;
}

static int check_intake(const hc_intake *in, hc_err *err)
{
	int rc;
	if ((rc = hc_text_check(in->procedure_code, "procedure_code", "mã thủ tục", 48, true, err)))
		return rc;
	if (!in->channel ||
	    (strcmp(in->channel, "direct") != 0 && strcmp(in->channel, "online") != 0 &&
	     strcmp(in->channel, "postal") != 0))
		return hc_err_set(err, HC_EINVAL, "channel",
		                  "Kênh tiếp nhận phải là trực tiếp, trực tuyến hoặc bưu chính",
		                  "channel must be direct, online or postal");
	if ((rc = hc_text_check(in->applicant_name, "applicant.name", "họ tên người nộp",
	                        HC_APPLICANT_NAME_MAX, true, err)))
		return rc;
	if ((rc = hc_text_check(in->applicant_id_number, "applicant.id_number",
	                        "số giấy tờ tùy thân", HC_APPLICANT_ID_MAX, true, err)))
		return rc;
	if (!valid_id_number(in->applicant_id_number))
		return hc_err_set(err, HC_EINVAL, "applicant.id_number",
		                  "Số giấy tờ tùy thân chỉ gồm 6–20 chữ số hoặc chữ in hoa",
		                  "id_number must be 6-20 digits or capital letters");
	if ((rc = hc_text_check(in->applicant_phone, "applicant.phone", "số điện thoại",
	                        HC_APPLICANT_PHONE_MAX, true, err)))
		return rc;
	if (!valid_phone(in->applicant_phone))
		return hc_err_set(err, HC_EINVAL, "applicant.phone",
		                  "Số điện thoại không hợp lệ (9–15 chữ số)",
		                  "phone must have 9-15 digits");
	if ((rc = hc_text_check(in->applicant_address, "applicant.address", "địa chỉ",
	                        HC_APPLICANT_ADDRESS_MAX, false, err)))
		return rc;
	if ((rc = hc_text_check(in->note, "note", "ghi chú", HC_INTAKE_NOTE_MAX, false, err)))
		return rc;
	if (in->ncomponents < 0 || in->ncomponents > HC_INTAKE_MAX_COMPONENTS)
		return hc_err_set(err, HC_EINVAL, "components", "Quá nhiều thành phần hồ sơ",
		                  "more than %d components", HC_INTAKE_MAX_COMPONENTS);
	for (int i = 0; i < in->ncomponents; i++)
		if ((rc = hc_text_check(in->components[i].name, "components.name",
		                        "tên thành phần hồ sơ", 300, true, err)))
			return rc;
	return HC_OK;
}

int hc_dossier_receive(hc_tx *tx, const hc_env *env, const hc_actor *a, const hc_intake *in,
                       hc_intake_result *out, hc_err *err)
{
	memset(out, 0, sizeof *out);
	int rc = hc_perm_check(a, HC_PERM_DOSSIER_RECEIVE, a->unit_id, err);
	if (rc)
		return rc;
	if ((rc = check_intake(in, err)))
		return rc;

	hc_unit unit;
	hc_hours hours;
	if ((rc = unit_hours(tx, a->unit_id, &unit, &hours, err)))
		return rc;
	int64_t deciding = a->unit_id;
	if (in->deciding_unit_code && *in->deciding_unit_code &&
	    strcmp(in->deciding_unit_code, unit.code) != 0) {
		hc_unit du;
		rc = hc_unit_by_code(tx, in->deciding_unit_code, &du, err);
		if (rc == HC_ENOTFOUND)
			return hc_err_set(err, HC_EINVAL, "deciding_unit_code",
			                  "Không có đơn vị giải quyết với mã này",
			                  "unknown deciding unit");
		if (rc)
			return rc;
		deciding = du.id;
	}

	hc_procedure p;
	rc = hc_procedure_by_code(tx, a->unit_id, in->procedure_code, &p, err);
	if (rc == HC_ENOTFOUND)
		return hc_err_set(err, HC_EINVAL, "procedure_code",
		                  "Thủ tục không có trong danh mục của đơn vị",
		                  "unknown procedure %.48s", in->procedure_code);
	if (rc)
		return rc;
	if (!p.active)
		rc = hc_err_set(err, HC_EINVAL, "procedure_code", "Thủ tục đã ngừng áp dụng",
		                "procedure inactive");
	else if (strcmp(in->channel, "online") == 0 && p.online_level == HC_ONLINE_NONE)
		rc = hc_err_set(err, HC_EINVAL, "channel",
		                "Thủ tục này không cung cấp dịch vụ công trực tuyến",
		                "procedure has no online service");
	else if (deciding != a->unit_id && !p.boundary_free)
		rc = hc_err_set(err, HC_EINVAL, "deciding_unit_code",
		                "Thủ tục này không thực hiện không phụ thuộc địa giới hành chính",
		                "procedure is bound by administrative boundary");
	if (rc) {
		hc_procedure_clear(&p);
		return rc;
	}

	int64_t now = env->now;
	int64_t due = hc_deadline_due(env->cal, &hours, now, p.limit);
	rc = hc_counter_daily_code(tx, a->unit_id, unit.identifier, "dossier", "", now, out->code,
	                           sizeof out->code, err);
	if (rc) {
		hc_procedure_clear(&p);
		return rc;
	}
	hc_auth_secret_new(out->secret);
	char secret_hash[128];
	hc_auth_secret_hash(out->secret, secret_hash);

	char *name = NULL, *fold = NULL, *addr = NULL;
	bool digitized = in->ncomponents > 0, reused = false;
	for (int i = 0; i < in->ncomponents; i++) {
		digitized = digitized && in->components[i].digitized;
		reused = reused || in->components[i].reused;
	}
	rc = hc_text_nfc(in->applicant_name, "applicant.name", &name, err);
	if (!rc)
		rc = hc_text_fold(name, &fold, err);
	if (!rc)
		rc = hc_text_nfc(in->applicant_address ? in->applicant_address : "",
		                 "applicant.address", &addr, err);
	if (!rc)
		rc = hc_tx_query_int(
		    tx, err, &out->id,
		    "INSERT INTO dossiers (unit_id, deciding_unit_id, code, secret_hash,"
		    " procedure_id, channel, status, applicant_name, applicant_fold,"
		    " applicant_id_number, applicant_phone, applicant_address, office_id,"
		    " received_at, due_at, original_due_at, fee, fee_paid, fee_paid_online,"
		    " digitized_input, reused, note, updated_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, "
		    "?,"
		    " ?, ?, ?,"
		    " ?, ?, ?) RETURNING id",
		    "iittittttt"
		    "tiiiiiiiiiti",
		    a->unit_id, deciding, out->code, secret_hash, p.id, in->channel, name, fold,
		    in->applicant_id_number, in->applicant_phone, addr,
		    p.office_id ? p.office_id : (int64_t)0, now, due, due, p.fee,
		    (int64_t)(p.fee > 0 && in->fee_paid),
		    (int64_t)(p.fee > 0 && in->fee_paid_online), (int64_t)digitized,
		    (int64_t)reused, in->note ? in->note : "", now);
	free(name);
	free(fold);
	free(addr);
	hc_procedure_clear(&p);
	if (rc)
		return rc;
	for (int i = 0; !rc && i < in->ncomponents; i++) {
		char *cname = NULL;
		rc = hc_text_nfc(in->components[i].name, "components.name", &cname, err);
		if (!rc)
			rc = hc_tx_exec(tx, err,
			                "INSERT INTO dossier_components (unit_id, dossier_id, name,"
			                " digitized, reused) VALUES (?, ?, ?, ?, ?)",
			                "iitii", a->unit_id, out->id, cname,
			                (int64_t)in->components[i].digitized,
			                (int64_t)in->components[i].reused);
		free(cname);
	}
	if (rc)
		return rc;
	hc_dossier d = {0};
	d.id = out->id;
	d.unit_id = a->unit_id;
	cpy(d.code, sizeof d.code, out->code);
	rc = record(tx, env, a, &d, "receive", "", "received", in->note, err);
	if (rc)
		return rc;
	out->received_at = now;
	out->due_at = due;
	out->status = HC_DS_RECEIVED;
	return HC_OK;
}

static int find_rule(const char *name, hc_err *err)
{
	for (int i = 0; name && i < A_COUNT; i++)
		if (strcmp(rules[i].name, name) == 0)
			return i;
	hc_err_set(err, HC_EINVAL, "action", "Thao tác không hợp lệ", "unknown action '%.40s'",
	           name ? name : "");
	return -1;
}

static int check_rule_perm(const hc_actor *a, const struct action_rule *r, int64_t unit,
                           hc_err *err)
{
	int rc = hc_perm_check(a, r->perm, unit, err);
	if (rc && r->alt_perm >= 0 && hc_perm_check(a, (enum hc_perm)r->alt_perm, unit, NULL) == 0)
		rc = HC_OK;
	return rc;
}

static int need_note(const hc_action_in *in, const char *label, hc_err *err)
{
	int rc = hc_text_check(in->note, "note", label, 2000, true, err);
	return rc;
}

/* Resolves assign/forward targets into office and handler ids of the unit. */
static int resolve_targets(hc_tx *tx, int64_t unit_id, const hc_action_in *in, int64_t *office,
                           int64_t *handler, hc_err *err)
{
	bool has_office = in->office_code && *in->office_code;
	bool has_handler = in->handler && *in->handler;
	if (!has_office && !has_handler)
		return hc_err_set(err, HC_EINVAL, "office_code",
		                  "Cần chọn phòng chuyên môn hoặc người xử lý",
		                  "assign needs office_code or handler");
	if (has_office) {
		hc_office o;
		int rc = hc_office_by_code(tx, unit_id, in->office_code, &o, err);
		if (rc == HC_ENOTFOUND)
			return hc_err_set(err, HC_EINVAL, "office_code",
			                  "Không có phòng chuyên môn với mã này",
			                  "unknown office %.32s", in->office_code);
		if (rc)
			return rc;
		*office = o.id;
	}
	if (has_handler) {
		hc_stmt *st;
		int rc =
		    hc_tx_query(tx, err, &st,
		                "SELECT id, office_id FROM staff WHERE username = ? AND unit_id = ?"
		                " AND active = 1",
		                "ti", in->handler, unit_id);
		if (rc)
			return rc;
		bool found = hc_stmt_next(st);
		if (found) {
			*handler = hc_stmt_int(st, 0);
			if (!has_office && !hc_stmt_is_null(st, 1))
				*office = hc_stmt_int(st, 1);
		}
		rc = hc_stmt_finish(st, err);
		if (rc)
			return rc;
		if (!found)
			return hc_err_set(err, HC_EINVAL, "handler",
			                  "Không có cán bộ này trong đơn vị",
			                  "unknown handler %.64s", in->handler);
	}
	return HC_OK;
}

static int update(hc_tx *tx, const hc_dossier *d, int64_t now, hc_err *err)
{
	return hc_tx_exec(
	    tx, err,
	    "UPDATE dossiers SET status = ?, office_id = NULLIF(?, 0), handler_id = NULLIF(?, 0),"
	    " due_at = ?, extended_due_at = NULLIF(?, 0), supplement_count = ?,"
	    " supplement_since = NULLIF(?, 0), flags = ?, finished_at = NULLIF(?, 0),"
	    " outcome = NULLIF(?, ''), returned_at = NULLIF(?, 0), fee = ?, fee_paid = ?,"
	    " fee_paid_online = ?, digitized_result = ?, e_result = ?, rating = NULLIF(?, 0),"
	    " updated_at = ? WHERE id = ?",
	    "tiiiiiiiitiiiiiiiii", hc_dossier_status_name(d->status), d->office_id, d->handler_id,
	    d->due_at, d->extended_due_at, (int64_t)d->supplement_count, d->supplement_since,
	    (int64_t)d->flags, d->finished_at, d->outcome, d->returned_at, d->fee,
	    (int64_t)d->fee_paid, (int64_t)d->fee_paid_online, (int64_t)d->digitized_result,
	    (int64_t)d->e_result, (int64_t)d->rating, now, d->id);
}

/* Applies rule r to d in memory (after its preconditions). */
static int apply(hc_tx *tx, const hc_env *env, const hc_actor *a, enum act act,
                 const hc_action_in *in, hc_dossier *d, hc_err *err)
{
	int64_t now = env->now;
	int rc = HC_OK;
	hc_unit unit;
	hc_hours hours;
	switch (act) {
	case A_ASSIGN:
	case A_FORWARD: {
		int64_t office = d->office_id, handler = 0;
		if ((rc = resolve_targets(tx, d->deciding_unit_id, in, &office, &handler, err)))
			return rc;
		d->office_id = office;
		d->handler_id = handler;
		break;
	}
	case A_REQUEST_SUPPLEMENT:
		if ((rc = need_note(in, "nội dung cần bổ sung", err)))
			return rc;
		if ((rc = unit_hours(tx, d->unit_id, &unit, &hours, err)))
			return rc;
		d->supplement_count++;
		d->supplement_since = now;
		if (d->supplement_count > 1)
			d->flags |= HC_DF_SECOND_SUPPLEMENT;
		if (hc_deadline_supplement_late(env->cal, &hours, d->received_at, now))
			d->flags |= HC_DF_LATE_SUPPLEMENT;
		break;
	case A_SUPPLEMENT_RECEIVED: {
		hc_procedure p;
		if ((rc = unit_hours(tx, d->unit_id, &unit, &hours, err)))
			return rc;
		if ((rc = hc_procedure_by_id(tx, d->procedure_id, &p, err)))
			return rc;
		d->due_at =
		    hc_deadline_after_supplement(env->cal, &hours, p.supplement_policy, p.limit,
		                                 d->due_at, d->supplement_since, now);
		hc_procedure_clear(&p);
		d->supplement_since = 0;
		break;
	}
	case A_REQUEST_PAYMENT:
		if (d->fee_paid)
			return hc_err_set(err, HC_ECONFLICT, "action", "Hồ sơ đã nộp phí, lệ phí",
			                  "fee already paid");
		if (in->amount < 0 || in->amount > 1000000000000LL)
			return hc_err_set(err, HC_EINVAL, "amount", "Số tiền không hợp lệ",
			                  "amount out of range");
		if (in->amount > 0)
			d->fee = in->amount;
		if (d->fee <= 0)
			return hc_err_set(err, HC_EINVAL, "amount", "Chưa nhập số tiền phí, lệ phí",
			                  "payment request without an amount");
		break;
	case A_RECORD_PAYMENT:
		d->fee_paid = true;
		d->fee_paid_online = in->online;
		break;
	case A_SUBMIT:
		if (d->fee > 0 && !d->fee_paid)
			return hc_err_set(err, HC_ECONFLICT, "action",
			                  "Hồ sơ chưa nộp phí, lệ phí nên chưa thể trình ký",
			                  "fee not paid");
		break;
	case A_RESOLVE:
		d->finished_at = now;
		cpy(d->outcome, sizeof d->outcome, "resolved");
		d->digitized_result = in->digitized_result;
		d->e_result = in->e_result;
		break;
	case A_REJECT:
		if ((rc = need_note(in, "lý do từ chối", err)))
			return rc;
		d->finished_at = now;
		cpy(d->outcome, sizeof d->outcome, "rejected");
		d->supplement_since = 0;
		break;
	case A_EXTEND:
		if (d->extended_due_at)
			return hc_err_set(err, HC_ECONFLICT, "action",
			                  "Hồ sơ đã được gia hạn một lần, không được gia hạn tiếp",
			                  "already extended once");
		if ((rc = need_note(in, "lý do xin lỗi, hẹn lại", err)))
			return rc;
		if ((rc = unit_hours(tx, d->unit_id, &unit, &hours, err)))
			return rc;
		if ((rc = hc_deadline_extension_check(env->cal, &hours, d->due_at, now, in->new_due,
		                                      err)))
			return rc;
		d->extended_due_at = in->new_due;
		break;
	case A_RETURN:
		if (d->returned_at)
			return hc_err_set(err, HC_ECONFLICT, "action", "Kết quả đã được trả",
			                  "result already returned");
		d->returned_at = now;
		if (d->status == HC_DS_RESOLVED)
			d->status = HC_DS_RETURNED;
		break;
	case A_WITHDRAW:
		d->finished_at = now;
		cpy(d->outcome, sizeof d->outcome, "withdrawn");
		d->supplement_since = 0;
		break;
	case A_RATE:
		if (!d->returned_at)
			return hc_err_set(err, HC_ECONFLICT, "action",
			                  "Chỉ đánh giá sau khi đã trả kết quả",
			                  "not returned yet");
		if (in->rating < 1 || in->rating > 5)
			return hc_err_set(err, HC_EINVAL, "rating", "Mức đánh giá phải từ 1 đến 5",
			                  "rating out of 1..5");
		if (d->rating) /* one rating per dossier: the statistics count it once */
			return hc_err_set(err, HC_ECONFLICT, "action", "Hồ sơ này đã được đánh giá",
			                  "already rated");
		d->rating = in->rating;
		break;
	case A_COUNT:
		return HC_EINTERNAL;
	}
	return HC_OK;
}

static int act_on(hc_tx *tx, const hc_env *env, const hc_actor *a, hc_dossier *d, int idx,
                  const hc_action_in *in, hc_err *err)
{
	const struct action_rule *r = &rules[idx];
	if (!(r->from & ST(d->status))) {
		char msg[HC_ERR_MSG_MAX];
		snprintf(msg, sizeof msg, "Không thể %s khi hồ sơ đang ở trạng thái \"%s\"",
		         r->label, hc_dossier_status_label(d->status));
		return hc_err_set(err, HC_ECONFLICT, "action", msg, "action %s illegal from %s",
		                  r->name, hc_dossier_status_name(d->status));
	}
	enum hc_dossier_status from = d->status;
	int rc = apply(tx, env, a, (enum act)idx, in, d, err);
	if (rc)
		return rc;
	if (r->to != SAME)
		d->status = (enum hc_dossier_status)r->to;
	if ((rc = update(tx, d, env->now, err)))
		return rc;
	return record(tx, env, a, d, r->name, hc_dossier_status_name(from),
	              hc_dossier_status_name(d->status), in->note, err);
}

int hc_dossier_act(hc_tx *tx, const hc_env *env, const hc_actor *a, const char *code,
                   const hc_action_in *in, hc_dossier **out, hc_err *err)
{
	if (out)
		*out = NULL;
	int idx = find_rule(in->action, err);
	if (idx < 0)
		return HC_EINVAL;
	int rc = hc_text_check(in->note, "note", "ghi chú", 2000, false, err);
	if (rc)
		return rc;
	hc_dossier *d = NULL;
	if ((rc = load(tx, code, false, &d, NULL, err)))
		return rc;
	rc = hc_perm_check(a, HC_PERM_DOSSIER_READ, scope_unit(a, d), err);
	if (!rc)
		rc = check_rule_perm(a, &rules[idx], scope_unit(a, d), err);
	if (!rc)
		rc = act_on(tx, env, a, d, idx, in, err);
	if (!rc && out) {
		hc_dossier_free(d);
		d = NULL;
		rc = load(tx, code, true, &d, NULL, err);
		*out = d;
		d = NULL;
	}
	hc_dossier_free(d);
	return rc;
}

int hc_dossier_rate_public(hc_tx *tx, const hc_env *env, const char *code, const char *secret,
                           int rating, hc_err *err)
{
	hc_dossier *d = NULL;
	int rc = load_public(tx, code, secret, false, &d, err);
	if (rc)
		return rc;
	hc_actor citizen = {0};
	citizen.role = HC_ROLE_SYSTEM;
	citizen.unit_id = d->unit_id;
	cpy(citizen.username, sizeof citizen.username, "citizen");
	cpy(citizen.full_name, sizeof citizen.full_name, "Công dân");
	hc_action_in in = {.action = "rate", .rating = rating};
	rc = act_on(tx, env, &citizen, d, A_RATE, &in, err);
	hc_dossier_free(d);
	return rc;
}

int hc_dossier_allowed_actions(const hc_actor *a, const hc_dossier *d,
                               const char *names[HC_DOSSIER_ACTIONS_MAX])
{
	int n = 0;
	int64_t unit = scope_unit(a, d);
	if (hc_perm_check(a, HC_PERM_DOSSIER_READ, unit, NULL) != 0)
		return 0;
	for (int i = 0; i < A_COUNT && n < HC_DOSSIER_ACTIONS_MAX; i++) {
		const struct action_rule *r = &rules[i];
		if (!(r->from & ST(d->status)) || check_rule_perm(a, r, unit, NULL) != 0)
			continue;
		bool excluded = (i == A_EXTEND && d->extended_due_at) ||
		                (i == A_RETURN && d->returned_at) ||
		                (i == A_RATE && (!d->returned_at || d->rating)) ||
		                (i == A_REQUEST_PAYMENT && d->fee_paid) ||
		                (i == A_SUBMIT && d->fee > 0 && !d->fee_paid);
		if (!excluded)
			names[n++] = r->name;
	}
	return n;
}

/* ---- listing ---------------------------------------------------------- */

/* The parameters of a list statement built from the filter's conditions
 * that apply: each condition is literal SQL with numbered parameters, so
 * that the planner sees which columns are constrained (a "? = 0 OR ..."
 * per condition hides them and made every list scan every dossier). */
#define LIST_ARGS_MAX 18
typedef struct list_args {
	int n;
	int64_t num[LIST_ARGS_MAX];
	const char *text[LIST_ARGS_MAX]; /* non-NULL: a text parameter */
} list_args;

/* Adds a parameter and returns its number (from 1); past the capacity the
 * number is still returned and the caller refuses the statement. */
static int arg_int(list_args *a, int64_t v)
{
	if (a->n < LIST_ARGS_MAX) {
		a->num[a->n] = v;
		a->text[a->n] = NULL;
	}
	return ++a->n;
}

static int arg_text(list_args *a, const char *v)
{
	if (a->n < LIST_ARGS_MAX)
		a->text[a->n] = v;
	return ++a->n;
}

/* Checks the filter and prepares its statement with its parameters bound:
 * the dossiers in SELECT_DOSSIER's columns, in receipt order with limit and
 * offset, or (count) the number of them without limit. */
static int list_prepare(hc_tx *tx, const hc_env *env, const hc_actor *a, const hc_dossier_filter *f,
                        bool count, hc_stmt **out, hc_err *err)
{
	*out = NULL;
	int64_t unit = f->unit_id ? f->unit_id : a->unit_id;
	int rc = hc_perm_check(a, HC_PERM_DOSSIER_READ, unit, err);
	if (rc)
		return rc;
	enum hc_dossier_status status = HC_DS_RECEIVED;
	if (f->status && *f->status && !hc_dossier_status_parse(f->status, &status))
		return hc_err_set(err, HC_EINVAL, "status", "Trạng thái hồ sơ không hợp lệ",
		                  "unknown status");
	int limit = f->limit ? f->limit : 50;
	if (limit < 1 || limit > 500 || f->offset < 0 || f->offset > 1000000)
		return hc_err_set(err, HC_EINVAL, "limit", "Số dòng mỗi trang phải từ 1 đến 500",
		                  "limit out of range");
	if ((rc = hc_text_check(f->q, "q", "từ khóa", 200, false, err)))
		return rc;
	if ((rc = hc_text_check(f->field, "field", "lĩnh vực", 160, false, err)))
		return rc;
	if (f->due_within_days < 0 || f->due_within_days > 30)
		return hc_err_set(err, HC_EINVAL, "due_within_days",
		                  "Số ngày làm việc phải từ 1 đến 30",
		                  "due_within_days out of range");
	/* due soon: before the instant N working days from now, walked through
	 * the unit's working sessions (deadline.h), not N x 24 hours */
	int64_t soon = 0;
	if (f->due_within_days > 0) {
		hc_unit u;
		hc_hours h;
		if ((rc = unit_hours(tx, unit, &u, &h, err)))
			return rc;
		soon = hc_deadline_add_working(
		    env->cal, &h, env->now, (int64_t)f->due_within_days * hc_hours_day_minutes(&h));
	}
	char *fold = NULL;
	if (f->q && *f->q && (rc = hc_text_fold(f->q, &fold, err)))
		return rc;
	/* LIKE pattern with the wildcards of the user's text escaped */
	char pattern[700] = "";
	if (fold) {
		size_t j = 0;
		pattern[j++] = '%';
		for (const char *p = fold; *p && j < sizeof pattern - 4; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				pattern[j++] = '\\';
			pattern[j++] = *p;
		}
		pattern[j++] = '%';
		pattern[j] = '\0';
	}
	free(fold);
	const char *status_name = f->status && *f->status ? hc_dossier_status_name(status) : "";
	list_args args = {0};
	hc_buf cond = {0}, sql = {0};
	int unit_p = arg_int(&args, unit);
	if (status_name[0])
		hc_buf_printf(&cond, " AND d.status = ?%d", arg_text(&args, status_name));
	if (f->overdue >= 0)
		hc_buf_printf(&cond,
		              " AND %s(d.finished_at IS NULL AND d.due_at < ?%d"
		              " AND d.supplement_since IS NULL)",
		              f->overdue ? "" : "NOT ", arg_int(&args, env->now));
	if (f->field && *f->field)
		hc_buf_printf(&cond, " AND p.field = ?%d", arg_text(&args, f->field));
	if (pattern[0]) {
		int q = arg_text(&args, pattern);
		hc_buf_printf(
		    &cond,
		    " AND (LOWER(d.code) LIKE ?%d ESCAPE '\\' OR d.applicant_fold LIKE ?%d"
		    " ESCAPE '\\' OR p.name_fold LIKE ?%d ESCAPE '\\')",
		    q, q, q);
	}
	if (f->handler_id)
		hc_buf_printf(&cond, " AND d.handler_id = ?%d", arg_int(&args, f->handler_id));
	if (f->office_id)
		hc_buf_printf(&cond, " AND d.office_id = ?%d", arg_int(&args, f->office_id));
	if (f->open_only)
		hc_buf_puts(&cond, " AND d.finished_at IS NULL");
	if (soon) {
		int now_p = arg_int(&args, env->now);
		hc_buf_printf(&cond,
		              " AND d.finished_at IS NULL AND d.supplement_since IS NULL"
		              " AND d.due_at >= ?%d AND d.due_at <= ?%d",
		              now_p, arg_int(&args, soon));
	}
	if (f->received_from)
		hc_buf_printf(&cond, " AND d.received_at >= ?%d", arg_int(&args, f->received_from));
	if (f->received_to)
		hc_buf_printf(&cond, " AND d.received_at < ?%d", arg_int(&args, f->received_to));
	/* The unit's dossiers through its (unit_id, received_at, id) index, and
	 * those another unit received for it to decide through the short
	 * partial dossiers_deciding index, merged in receipt order. Each arm
	 * has its own ORDER BY and LIMIT (the page's end) so that both planners
	 * read it in index order and stop early (PostgreSQL: a Merge Append of
	 * two backward index scans; without the arms' limits it sorted every
	 * dossier of the unit). */
	const char *c = cond.data ? cond.data : "";
	const char *dir = f->oldest_first ? "" : " DESC";
	if (count)
		hc_buf_printf(&sql,
		              "SELECT COUNT(*) FROM (" COUNT_FROM
		              "WHERE d.unit_id = ?%d%s UNION ALL " COUNT_FROM
		              "WHERE d.deciding_unit_id = ?%d AND d.deciding_unit_id <> "
		              "d.unit_id%s) x",
		              unit_p, c, unit_p, c);
	else {
		int lim_p = arg_int(&args, limit), off_p = arg_int(&args, f->offset);
		int arm_p = arg_int(&args, (int64_t)limit + f->offset);
		hc_buf_printf(&sql,
		              "SELECT * FROM (" SELECT_DOSSIER "WHERE d.unit_id = ?%d%s"
		              " ORDER BY d.received_at%s, d.id%s LIMIT ?%d) a UNION ALL"
		              " SELECT * FROM (" SELECT_DOSSIER "WHERE d.deciding_unit_id = ?%d"
		              " AND d.deciding_unit_id <> d.unit_id%s"
		              " ORDER BY d.received_at%s, d.id%s LIMIT ?%d) b"
		              " ORDER BY %d%s, 1%s LIMIT ?%d OFFSET ?%d",
		              unit_p, c, dir, dir, arm_p, unit_p, c, dir, dir, arm_p,
		              COL_RECEIVED + 1, dir, dir, lim_p, off_p);
	}
	hc_stmt *st = NULL;
	rc = cond.failed || sql.failed || args.n > LIST_ARGS_MAX
	         ? hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "list statement")
	         : hc_stmt_prepare(tx, hc_buf_str(&sql), &st, err);
	hc_buf_free(&cond);
	hc_buf_free(&sql);
	if (rc)
		return rc;
	for (int i = 0; i < args.n; i++) {
		if (args.text[i])
			hc_stmt_bind_text(st, i + 1, args.text[i]);
		else
			hc_stmt_bind_int(st, i + 1, args.num[i]);
	}
	*out = st;
	return HC_OK;
}

int hc_dossier_list(hc_tx *tx, const hc_env *env, const hc_actor *a, const hc_dossier_filter *f,
                    int (*fn)(const hc_dossier *d, void *ctx), void *ctx, hc_err *err)
{
	hc_stmt *st;
	int rc = list_prepare(tx, env, a, f, false, &st, err);
	if (rc)
		return rc;
	int stop = 0;
	while (!stop && hc_stmt_next(st)) {
		hc_dossier d;
		read_row(st, &d);
		stop = fn(&d, ctx);
	}
	return hc_stmt_finish(st, err);
}

int hc_dossier_count(hc_tx *tx, const hc_env *env, const hc_actor *a, const hc_dossier_filter *f,
                     int64_t *n, hc_err *err)
{
	*n = 0;
	hc_stmt *st;
	int rc = list_prepare(tx, env, a, f, true, &st, err);
	if (rc)
		return rc;
	if (hc_stmt_next(st))
		*n = hc_stmt_int(st, 0);
	return hc_stmt_finish(st, err);
}

int hc_dossier_assign_choices(hc_tx *tx, const hc_actor *a, const hc_dossier *d,
                              int (*office_fn)(const struct hc_office *o, void *ctx),
                              int (*handler_fn)(const hc_actor *s, void *ctx), void *ctx,
                              hc_err *err)
{
	int rc = hc_perm_check(a, HC_PERM_DOSSIER_READ, scope_unit(a, d), err);
	if (!rc && office_fn)
		rc = hc_office_each(tx, d->deciding_unit_id, office_fn, ctx, err);
	if (!rc && handler_fn)
		rc = hc_staff_each_able(tx, d->deciding_unit_id, HC_PERM_DOSSIER_PROCESS,
		                        handler_fn, ctx, err);
	return rc;
}

/* ---- inboxes -------------------------------------------------------------- */

bool hc_dossier_inbox_filter(const hc_actor *a, enum hc_inbox box, hc_dossier_filter *f)
{
	memset(f, 0, sizeof *f);
	f->overdue = -1;
	/* every box holds work still to do (for overdue, due soon and the two
	 * statuses this changes nothing; the counts read unfinished rows only) */
	f->open_only = true;
	switch (box) {
	case HC_INBOX_MINE:
		f->handler_id = a->staff_id;
		return a->staff_id != 0;
	case HC_INBOX_OFFICE:
		f->office_id = a->office_id;
		return a->office_id != 0;
	case HC_INBOX_OVERDUE:
		f->overdue = 1;
		return true;
	case HC_INBOX_DUE_SOON:
		f->due_within_days = HC_INBOX_DUE_DAYS;
		return true;
	case HC_INBOX_SUPPLEMENT:
		f->status = hc_dossier_status_name(HC_DS_AWAITING_SUPPLEMENT);
		return true;
	case HC_INBOX_SIGNATURE:
		f->status = hc_dossier_status_name(HC_DS_AWAITING_SIGNATURE);
		return true;
	case HC_INBOX_COUNT:
		break;
	}
	return false;
}

int hc_dossier_inbox_counts(hc_tx *tx, const hc_env *env, const hc_actor *a,
                            int64_t counts[HC_INBOX_COUNT], hc_err *err)
{
	/* each box's count is hc_dossier_count of the box's own filter: the
	 * statement the list reads, so a tab's count is its list's length; each
	 * is an index range over the unit's unfinished dossiers */
	int rc = HC_OK;
	for (int b = 0; b < HC_INBOX_COUNT; b++)
		counts[b] = 0;
	for (int b = 0; !rc && b < HC_INBOX_COUNT; b++) {
		hc_dossier_filter f;
		if (hc_dossier_inbox_filter(a, (enum hc_inbox)b, &f))
			rc = hc_dossier_count(tx, env, a, &f, &counts[b], err);
	}
	return rc;
}
