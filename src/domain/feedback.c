/* feedback: see feedback.h. Legal basis: Decree 20/2008/NĐ-CP on receiving
 * and handling feedback and petitions about administrative rules (amended by
 * Decree 92/2017/NĐ-CP): the agency receives, classifies, refuses what it may
 * not handle with a reason, asks for missing information, answers, and makes
 * the result public. The time limits of each step are data
 * (feedback_rules): the defaults of schema migration 2 are the commune's
 * working rules and a unit may override any of them with its own row. */
#include "domain/feedback.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/audit.h"
#include "domain/counter.h"
#include "domain/deadline.h"
#include "domain/perm.h"
#include "domain/unit.h"

static const struct {
	const char *name;
	const char *label;
} statuses[HC_FB_COUNT] = {
    [HC_FB_RECEIVED] = {"received", "Đã tiếp nhận"},
    [HC_FB_AWAITING_INFO] = {"awaiting_info", "Chờ bổ sung thông tin"},
    [HC_FB_PROCESSING] = {"processing", "Đang xử lý"},
    [HC_FB_REFUSED] = {"refused", "Từ chối tiếp nhận"},
    [HC_FB_ANSWERED] = {"answered", "Đã trả lời"},
    [HC_FB_PUBLISHED] = {"published", "Đã công khai kết quả"},
};

const char *hc_feedback_status_name(enum hc_feedback_status s)
{
	return (unsigned)s < HC_FB_COUNT ? statuses[s].name : "unknown";
}

const char *hc_feedback_status_label(enum hc_feedback_status s)
{
	return (unsigned)s < HC_FB_COUNT ? statuses[s].label : "Không xác định";
}

bool hc_feedback_status_parse(const char *s, enum hc_feedback_status *out)
{
	for (int i = 0; s && i < HC_FB_COUNT; i++)
		if (strcmp(s, statuses[i].name) == 0) {
			*out = (enum hc_feedback_status)i;
			return true;
		}
	return false;
}

static const char *const step_names[HC_FBS_COUNT] = {
    [HC_FBS_CLASSIFY] = "classify", [HC_FBS_REFUSE] = "refuse",   [HC_FBS_ASK] = "ask",
    [HC_FBS_ANSWER] = "answer",     [HC_FBS_PUBLISH] = "publish",
};

const char *hc_feedback_step_name(enum hc_feedback_step s)
{
	return (unsigned)s < HC_FBS_COUNT ? step_names[s] : "unknown";
}

/* name, label pairs, NULL-terminated */
const char *const hc_feedback_categories[] = {
    "rules",      "Quy định hành chính, thủ tục hành chính",
    "conduct",    "Hành vi, thái độ của cán bộ, công chức",
    "result",     "Kết quả giải quyết hồ sơ",
    "delay",      "Chậm trễ trong giải quyết",
    "facilities", "Cơ sở vật chất, trang thiết bị",
    "online",     "Dịch vụ công trực tuyến",
    "other",      "Nội dung khác",
    NULL,
};

const char *hc_feedback_category_label(const char *name)
{
	for (int i = 0; name && hc_feedback_categories[i]; i += 2)
		if (strcmp(name, hc_feedback_categories[i]) == 0)
			return hc_feedback_categories[i + 1];
	return NULL;
}

static const char *const channels[] = {"web", "direct", "phone", "mail", "hotline", NULL};

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

static int oom(hc_err *err)
{
	return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "out of memory");
}

/* ---- time rules --------------------------------------------------------- */

typedef struct rules {
	hc_limit limit[HC_FBS_COUNT];
	bool from_answer[HC_FBS_COUNT]; /* anchor: the answer, else the clock */
	hc_hours hours;
} rules;

/* The unit's rules: unit 0's defaults, each replaced by the unit's own row. */
static int load_rules(hc_tx *tx, int64_t unit_id, rules *r, hc_err *err)
{
	memset(r, 0, sizeof *r);
	hc_unit u;
	int rc = hc_unit_by_id(tx, unit_id, &u, err);
	if (!rc)
		rc = hc_hours_parse(u.office_hours, &r->hours, err);
	if (rc)
		return rc;
	hc_stmt *st;
	rc = hc_tx_query(tx, err, &st,
	                 "SELECT step, anchor, time_limit FROM feedback_rules"
	                 " WHERE unit_id = 0 OR unit_id = ? ORDER BY unit_id",
	                 "i", unit_id);
	if (rc)
		return rc;
	unsigned seen = 0;
	while (!rc && hc_stmt_next(st)) {
		const char *step = hc_stmt_text(st, 0), *anchor = hc_stmt_text(st, 1);
		for (int i = 0; step && i < HC_FBS_COUNT; i++) {
			if (strcmp(step, step_names[i]) != 0)
				continue;
			rc = hc_limit_parse(hc_stmt_text(st, 2), "time_limit", &r->limit[i], err);
			r->from_answer[i] = anchor && strcmp(anchor, "answered") == 0;
			seen |= 1u << i;
		}
	}
	int rc2 = hc_stmt_finish(st, err);
	if (rc)
		return rc;
	if (rc2)
		return rc2;
	if (seen != (1u << HC_FBS_COUNT) - 1)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Thiếu quy định thời hạn xử lý phản ánh",
		                  "feedback_rules incomplete for unit %lld", (long long)unit_id);
	return HC_OK;
}

static int64_t due_from(const rules *r, const hc_env *env, enum hc_feedback_step s, int64_t t)
{
	return hc_deadline_due(env->cal, &r->hours, t, r->limit[s]);
}

/* ---- reading ---------------------------------------------------------- */

#define SELECT_FEEDBACK                                                                            \
	"SELECT f.id, f.unit_id, u.code, u.name, f.code, d.code, p.code, p.name, f.channel,"       \
	" f.category, f.status, f.sender_name, f.sender_phone, f.sender_email,"                    \
	" f.sender_address, f.content, f.answer, f.content_public, f.received_at, f.clock_at,"     \
	" f.classify_due_at, f.refuse_due_at, f.ask_due_at, f.answer_due_at, f.publish_due_at,"    \
	" f.classified_at, f.refused_at, f.asked_at, f.supplemented_at, f.answered_at,"            \
	" f.published_at, f.flags"                                                                 \
	" FROM feedback f JOIN units u ON u.id = f.unit_id"                                        \
	" LEFT JOIN dossiers d ON d.id = f.dossier_id"                                             \
	" LEFT JOIN procedures p ON p.id = f.procedure_id "

static int read_row(hc_stmt *st, hc_feedback *f, hc_err *err)
{
	memset(f, 0, sizeof *f);
	f->id = hc_stmt_int(st, 0);
	f->unit_id = hc_stmt_int(st, 1);
	cpy(f->unit_code, sizeof f->unit_code, hc_stmt_text(st, 2));
	cpy(f->unit_name, sizeof f->unit_name, hc_stmt_text(st, 3));
	cpy(f->code, sizeof f->code, hc_stmt_text(st, 4));
	cpy(f->dossier_code, sizeof f->dossier_code, hc_stmt_text(st, 5));
	cpy(f->procedure_code, sizeof f->procedure_code, hc_stmt_text(st, 6));
	cpy(f->procedure_name, sizeof f->procedure_name, hc_stmt_text(st, 7));
	cpy(f->channel, sizeof f->channel, hc_stmt_text(st, 8));
	cpy(f->category, sizeof f->category, hc_stmt_text(st, 9));
	enum hc_feedback_status s = HC_FB_RECEIVED;
	hc_feedback_status_parse(hc_stmt_text(st, 10), &s);
	f->status = s;
	cpy(f->sender_name, sizeof f->sender_name, hc_stmt_text(st, 11));
	cpy(f->sender_phone, sizeof f->sender_phone, hc_stmt_text(st, 12));
	cpy(f->sender_email, sizeof f->sender_email, hc_stmt_text(st, 13));
	cpy(f->sender_address, sizeof f->sender_address, hc_stmt_text(st, 14));
	const char *content = hc_stmt_text(st, 15), *answer = hc_stmt_text(st, 16);
	f->content = strdup(content ? content : "");
	f->answer = strdup(answer ? answer : "");
	f->content_public = hc_stmt_int(st, 17) != 0;
	int64_t *t[] = {&f->received_at, &f->clock_at,      &f->classify_due_at, &f->refuse_due_at,
	                &f->ask_due_at,  &f->answer_due_at, &f->publish_due_at,  &f->classified_at,
	                &f->refused_at,  &f->asked_at,      &f->supplemented_at, &f->answered_at,
	                &f->published_at};
	for (int i = 0; i < (int)(sizeof t / sizeof t[0]); i++)
		*t[i] = hc_stmt_int(st, 18 + i);
	f->flags = (int)hc_stmt_int(st, 31);
	if (!f->content || !f->answer) {
		free(f->content);
		free(f->answer);
		f->content = f->answer = NULL;
		return oom(err);
	}
	return HC_OK;
}

/* Releases what read_row and load_actions allocated in f (not f itself). */
static void clear(hc_feedback *f)
{
	free(f->content);
	free(f->answer);
	for (int i = 0; i < f->nactions; i++)
		free(f->actions[i].note);
	free(f->actions);
	f->content = f->answer = NULL;
	f->actions = NULL;
	f->nactions = 0;
}

void hc_feedback_free(hc_feedback *f)
{
	if (!f)
		return;
	clear(f);
	free(f);
}

static int load_actions(hc_tx *tx, hc_feedback *f, hc_err *err)
{
	hc_stmt *st;
	int rc =
	    hc_tx_query(tx, err, &st,
	                "SELECT action, from_status, to_status, actor_name, at, due_at,"
	                " on_time, note FROM feedback_actions WHERE feedback_id = ? ORDER BY id",
	                "i", f->id);
	if (rc)
		return rc;
	int cap = 0;
	while (hc_stmt_next(st)) {
		if (f->nactions == cap) {
			cap = cap ? cap * 2 : 8;
			void *p = realloc(f->actions, sizeof *f->actions * (size_t)cap);
			if (!p) {
				hc_stmt_finish(st, NULL);
				return oom(err);
			}
			f->actions = p;
		}
		hc_feedback_action *a = &f->actions[f->nactions];
		cpy(a->action, sizeof a->action, hc_stmt_text(st, 0));
		cpy(a->from_status, sizeof a->from_status, hc_stmt_text(st, 1));
		cpy(a->to_status, sizeof a->to_status, hc_stmt_text(st, 2));
		cpy(a->actor_name, sizeof a->actor_name, hc_stmt_text(st, 3));
		a->at = hc_stmt_int(st, 4);
		a->due_at = hc_stmt_int(st, 5);
		a->on_time = hc_stmt_is_null(st, 6) ? -1 : (int)hc_stmt_int(st, 6);
		a->note = strdup(hc_stmt_text(st, 7) ? hc_stmt_text(st, 7) : "");
		if (!a->note) {
			hc_stmt_finish(st, NULL);
			return oom(err);
		}
		f->nactions++;
	}
	return hc_stmt_finish(st, err);
}

static int not_found(hc_err *err)
{
	return hc_err_set(err, HC_ENOTFOUND, "code", "Không tìm thấy phản ánh, kiến nghị",
	                  "no feedback with that code");
}

static int load(hc_tx *tx, const char *code, bool details, hc_feedback **out, hc_err *err)
{
	*out = NULL;
	if (!code || !*code || strlen(code) > 63)
		return not_found(err);
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st, SELECT_FEEDBACK "WHERE f.code = ?", "t", code);
	if (rc)
		return rc;
	hc_feedback *f = NULL;
	if (hc_stmt_next(st)) {
		f = calloc(1, sizeof *f);
		rc = f ? read_row(st, f, err) : oom(err);
	}
	int rc2 = hc_stmt_finish(st, err);
	if (!rc)
		rc = rc2;
	if (!rc && !f)
		rc = not_found(err);
	if (!rc && details)
		rc = load_actions(tx, f, err);
	if (rc) {
		hc_feedback_free(f);
		return rc;
	}
	*out = f;
	return HC_OK;
}

int hc_feedback_get(hc_tx *tx, const hc_actor *a, const char *code, hc_feedback **out, hc_err *err)
{
	hc_feedback *f = NULL;
	int rc = load(tx, code, true, &f, err);
	if (!rc)
		rc = hc_perm_check(a, HC_PERM_FEEDBACK_READ, f->unit_id, err);
	if (rc) {
		hc_feedback_free(f);
		return rc;
	}
	*out = f;
	return HC_OK;
}

int hc_feedback_get_public(hc_tx *tx, const char *code, hc_feedback **out, hc_err *err)
{
	return load(tx, code, true, out, err);
}

/* ---- writing ---------------------------------------------------------- */

static int record(hc_tx *tx, const hc_env *env, const hc_actor *a, const hc_feedback *f,
                  const char *action, const char *from, const char *to, int64_t due,
                  const char *note, hc_err *err)
{
	const char *who = a->full_name[0] ? a->full_name : "Hệ thống";
	int64_t on_time = due ? (env->now <= due ? 1 : 0) : -1;
	int rc =
	    hc_tx_exec(tx, err,
	               "INSERT INTO feedback_actions (unit_id, feedback_id, action, from_status,"
	               " to_status, actor_id, actor_name, at, due_at, on_time, note)"
	               " VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, NULLIF(?, 0),"
	               " NULLIF(?, -1), ?)",
	               "iitttitiiit", f->unit_id, f->id, action, from, to, a->staff_id, who,
	               env->now, due, on_time, note ? note : "");
	if (rc)
		return rc;
	char object[96], detail[160];
	snprintf(object, sizeof object, "feedback:%s", f->code);
	snprintf(detail, sizeof detail, "{\"from\":\"%s\",\"to\":\"%s\",\"on_time\":%s}", from, to,
	         on_time < 0 ? "null"
	         : on_time   ? "true"
	                     : "false");
	return hc_audit_append(tx, f->unit_id, env->now, a->username[0] ? a->username : "system",
	                       action, object, detail, err);
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

/* A practical address check, not RFC 5322: local@domain, ASCII, local part
 * 1..64 of letters, digits and . _ % + -, domain of two or more labels of
 * letters, digits and '-' (not at a label's ends). */
static bool valid_email(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || at - s > 64 || strchr(at + 1, '@'))
		return false;
	for (const char *p = s; p < at; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      strchr("._%+-", c)))
			return false;
	}
	if (s[0] == '.' || at[-1] == '.')
		return false;
	int labels = 0;
	const char *p = at + 1;
	for (;;) {
		const char *q = p;
		while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
		       (*q >= '0' && *q <= '9') || *q == '-')
			q++;
		if (q == p || q - p > 63 || p[0] == '-' || q[-1] == '-')
			return false;
		labels++;
		if (*q == '\0')
			break;
		if (*q != '.')
			return false;
		p = q + 1;
	}
	return labels >= 2;
}

static bool one_line(const char *s)
{
	return !s || !strpbrk(s, "\t\r\n");
}

static bool in_list(const char *s, const char *const *list)
{
	for (int i = 0; s && list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

static int check_in(const hc_feedback_in *in, bool citizen, hc_err *err)
{
	int rc;
	if (citizen &&
	    (rc = hc_text_check(in->unit_code, "unit", "mã đơn vị nhận phản ánh", 31, true, err)))
		return rc;
	if (citizen && in->channel && *in->channel && strcmp(in->channel, "web") != 0)
		return hc_err_set(err, HC_EINVAL, "channel",
		                  "Phản ánh gửi qua cổng trực tuyến có kênh tiếp nhận là web",
		                  "public submission with channel %.16s", in->channel);
	if (!citizen && !in_list(in->channel, channels))
		return hc_err_set(err, HC_EINVAL, "channel",
		                  "Kênh tiếp nhận phải là web, direct (trực tiếp), phone (điện "
		                  "thoại), mail (thư) hoặc hotline (đường dây nóng)",
		                  "bad channel");
	if (!in->category || !*in->category)
		return hc_err_set(err, HC_EINVAL, "category", "Chưa chọn nhóm nội dung phản ánh",
		                  "category missing");
	if (!hc_feedback_category_label(in->category))
		return hc_err_set(err, HC_EINVAL, "category", "Nhóm nội dung phản ánh không hợp lệ",
		                  "unknown category");
	if ((rc = hc_text_check(in->content, "content", "nội dung phản ánh, kiến nghị",
	                        HC_FB_CONTENT_MAX, true, err)))
		return rc;
	if ((rc = hc_text_check(in->sender_name, "sender.name", "họ tên người phản ánh",
	                        HC_FB_NAME_MAX, true, err)))
		return rc;
	if (!one_line(in->sender_name))
		return hc_err_set(err, HC_EINVAL, "sender.name", "Họ tên phải viết trên một dòng",
		                  "name with a line break");
	bool has_phone = in->sender_phone && *in->sender_phone;
	bool has_email = in->sender_email && *in->sender_email;
	if ((rc = hc_text_check(in->sender_phone, "sender.phone", "số điện thoại", HC_FB_PHONE_MAX,
	                        false, err)))
		return rc;
	if (has_phone && !valid_phone(in->sender_phone))
		return hc_err_set(err, HC_EINVAL, "sender.phone",
		                  "Số điện thoại không hợp lệ (9–15 chữ số)",
		                  "phone must have 9-15 digits");
	if ((rc = hc_text_check(in->sender_email, "sender.email", "thư điện tử", HC_FB_EMAIL_MAX,
	                        false, err)))
		return rc;
	if (has_email && !valid_email(in->sender_email))
		return hc_err_set(err, HC_EINVAL, "sender.email",
		                  "Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.vn)",
		                  "bad email");
	if (!has_phone && !has_email)
		return hc_err_set(err, HC_EINVAL, "sender.phone",
		                  "Cần số điện thoại hoặc thư điện tử để nhận kết quả trả lời",
		                  "neither phone nor email");
	if ((rc = hc_text_check(in->sender_address, "sender.address", "địa chỉ", HC_FB_ADDRESS_MAX,
	                        false, err)))
		return rc;
	if (!one_line(in->sender_address))
		return hc_err_set(err, HC_EINVAL, "sender.address",
		                  "Địa chỉ phải viết trên một dòng", "address with a line break");
	if ((rc = hc_text_check(in->dossier_code, "dossier_code", "mã hồ sơ", 63, false, err)))
		return rc;
	if ((rc =
	         hc_text_check(in->procedure_code, "procedure_code", "mã thủ tục", 48, false, err)))
		return rc;
	return HC_OK;
}

/* Resolves the optional dossier and procedure of the unit. */
static int resolve_refs(hc_tx *tx, int64_t unit_id, const hc_feedback_in *in, int64_t *dossier,
                        int64_t *procedure, hc_err *err)
{
	*dossier = *procedure = 0;
	int rc;
	if (in->dossier_code && *in->dossier_code) {
		rc = hc_tx_query_int(tx, err, dossier,
		                     "SELECT id FROM dossiers WHERE code = ?"
		                     " AND (unit_id = ? OR deciding_unit_id = ?)",
		                     "tii", in->dossier_code, unit_id, unit_id);
		if (rc == HC_ENOTFOUND)
			return hc_err_set(err, HC_EINVAL, "dossier_code",
			                  "Không có hồ sơ với mã này tại đơn vị",
			                  "unknown dossier");
		if (rc)
			return rc;
		if (!in->procedure_code || !*in->procedure_code) {
			rc = hc_tx_query_int(tx, err, procedure,
			                     "SELECT procedure_id FROM dossiers WHERE id = ?", "i",
			                     *dossier);
			if (rc)
				return rc;
		}
	}
	if (in->procedure_code && *in->procedure_code) {
		rc = hc_tx_query_int(tx, err, procedure,
		                     "SELECT id FROM procedures WHERE unit_id = ? AND code = ?",
		                     "it", unit_id, in->procedure_code);
		if (rc == HC_ENOTFOUND)
			return hc_err_set(err, HC_EINVAL, "procedure_code",
			                  "Thủ tục không có trong danh mục của đơn vị",
			                  "unknown procedure");
		if (rc)
			return rc;
	}
	return HC_OK;
}

int hc_feedback_submit(hc_tx *tx, const hc_env *env, const hc_actor *a, const hc_feedback_in *in,
                       hc_feedback_result *out, hc_err *err)
{
	memset(out, 0, sizeof *out);
	bool citizen = a == NULL;
	int rc = check_in(in, citizen, err);
	if (rc)
		return rc;
	hc_unit unit;
	hc_actor actor;
	if (citizen) {
		rc = hc_unit_by_code(tx, in->unit_code, &unit, err);
		if (rc == HC_ENOTFOUND)
			return hc_err_set(err, HC_EINVAL, "unit",
			                  "Không tìm thấy đơn vị nhận phản ánh", "unknown unit");
		if (rc)
			return rc;
		memset(&actor, 0, sizeof actor);
		actor.role = HC_ROLE_SYSTEM;
		actor.unit_id = unit.id;
		cpy(actor.username, sizeof actor.username, "citizen");
		cpy(actor.full_name, sizeof actor.full_name, "Công dân");
	} else {
		if ((rc = hc_perm_check(a, HC_PERM_FEEDBACK_RECEIVE, a->unit_id, err)))
			return rc;
		if ((rc = hc_unit_by_id(tx, a->unit_id, &unit, err)))
			return rc;
		actor = *a;
	}
	int64_t dossier, procedure;
	if ((rc = resolve_refs(tx, unit.id, in, &dossier, &procedure, err)))
		return rc;
	rules r;
	if ((rc = load_rules(tx, unit.id, &r, err)))
		return rc;
	int64_t now = env->now;
	hc_feedback f = {0};
	f.unit_id = unit.id;
	f.received_at = f.clock_at = now;
	f.classify_due_at = due_from(&r, env, HC_FBS_CLASSIFY, now);
	f.refuse_due_at = due_from(&r, env, HC_FBS_REFUSE, now);
	f.ask_due_at = due_from(&r, env, HC_FBS_ASK, now);
	f.answer_due_at = due_from(&r, env, HC_FBS_ANSWER, now);
	if ((rc = hc_counter_daily_code(tx, unit.id, unit.identifier, "feedback", "PA-", now,
	                                f.code, sizeof f.code, err)))
		return rc;
	char *name = NULL, *content = NULL, *addr = NULL;
	rc = hc_text_nfc(in->sender_name, "sender.name", &name, err);
	if (!rc)
		rc = hc_text_nfc(in->content, "content", &content, err);
	if (!rc)
		rc = hc_text_nfc(in->sender_address ? in->sender_address : "", "sender.address",
		                 &addr, err);
	if (!rc)
		rc = hc_tx_query_int(
		    tx, err, &f.id,
		    "INSERT INTO feedback (unit_id, code, dossier_id, procedure_id, sender_name,"
		    " sender_phone, sender_email, sender_address, channel, category, content,"
		    " content_public, status, received_at, clock_at, classify_due_at, "
		    "refuse_due_at,"
		    " ask_due_at, answer_due_at, updated_at)"
		    " VALUES (?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, 'received',"
		    " ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    "itiitttttttiiiiiiii", unit.id, f.code, dossier, procedure, name,
		    in->sender_phone ? in->sender_phone : "",
		    in->sender_email ? in->sender_email : "", addr, citizen ? "web" : in->channel,
		    in->category, content, (int64_t)in->content_public, now, now, f.classify_due_at,
		    f.refuse_due_at, f.ask_due_at, f.answer_due_at, now);
	free(name);
	free(content);
	free(addr);
	if (!rc)
		rc = record(tx, env, &actor, &f, "submit", "", "received", 0, NULL, err);
	if (rc)
		return rc;
	out->id = f.id;
	cpy(out->code, sizeof out->code, f.code);
	out->received_at = now;
	out->answer_due_at = f.answer_due_at;
	return HC_OK;
}

/* ---- the state machine -------------------------------------------------- */

#define ST(s) (1u << (s))

enum act { A_CLASSIFY, A_REFUSE, A_ASK, A_SUPPLEMENT, A_ANSWER, A_PUBLISH, A_COUNT };

static const struct action_rule {
	const char *name;
	const char *label; /* Vietnamese, for refusals */
	unsigned from;
	enum hc_feedback_status to;
	enum hc_perm perm;
	int alt_perm; /* -1: none */
	int step;     /* the time rule it is judged by, -1: none */
} act_rules[A_COUNT] = {
    [A_CLASSIFY] = {"classify", "phân loại, thụ lý", ST(HC_FB_RECEIVED), HC_FB_PROCESSING,
                    HC_PERM_FEEDBACK_HANDLE, -1, HC_FBS_CLASSIFY},
    [A_REFUSE] = {"refuse", "từ chối tiếp nhận", ST(HC_FB_RECEIVED), HC_FB_REFUSED,
                  HC_PERM_FEEDBACK_HANDLE, -1, HC_FBS_REFUSE},
    [A_ASK] = {"ask", "yêu cầu bổ sung thông tin", ST(HC_FB_RECEIVED), HC_FB_AWAITING_INFO,
               HC_PERM_FEEDBACK_HANDLE, -1, HC_FBS_ASK},
    [A_SUPPLEMENT] = {"supplement", "ghi nhận thông tin bổ sung", ST(HC_FB_AWAITING_INFO),
                      HC_FB_RECEIVED, HC_PERM_FEEDBACK_RECEIVE, HC_PERM_FEEDBACK_HANDLE, -1},
    [A_ANSWER] = {"answer", "trả lời", ST(HC_FB_PROCESSING), HC_FB_ANSWERED,
                  HC_PERM_FEEDBACK_HANDLE, -1, HC_FBS_ANSWER},
    [A_PUBLISH] = {"publish", "công khai kết quả", ST(HC_FB_ANSWERED), HC_FB_PUBLISHED,
                   HC_PERM_FEEDBACK_PUBLISH, -1, HC_FBS_PUBLISH},
};

static int64_t step_due(const hc_feedback *f, int step)
{
	switch (step) {
	case HC_FBS_CLASSIFY:
		return f->classify_due_at;
	case HC_FBS_REFUSE:
		return f->refuse_due_at;
	case HC_FBS_ASK:
		return f->ask_due_at;
	case HC_FBS_ANSWER:
		return f->answer_due_at;
	case HC_FBS_PUBLISH:
		return f->publish_due_at;
	default:
		return 0;
	}
}

static int need_text(const char *s, const char *field, const char *label, size_t max, hc_err *err)
{
	return hc_text_check(s, field, label, max, true, err);
}

static int apply(hc_tx *tx, const hc_env *env, enum act act, const hc_feedback_act_in *in,
                 hc_feedback *f, char **answer_nfc, hc_err *err)
{
	int64_t now = env->now;
	int rc = HC_OK;
	rules r;
	switch (act) {
	case A_CLASSIFY:
		if (in->category && *in->category) {
			if (!hc_feedback_category_label(in->category))
				return hc_err_set(err, HC_EINVAL, "category",
				                  "Nhóm nội dung phản ánh không hợp lệ",
				                  "unknown category");
			cpy(f->category, sizeof f->category, in->category);
		}
		f->classified_at = now;
		break;
	case A_REFUSE:
		if ((rc = need_text(in->note, "note", "lý do từ chối", HC_FB_NOTE_MAX, err)))
			return rc;
		f->refused_at = now;
		break;
	case A_ASK:
		if (f->asked_at)
			return hc_err_set(err, HC_ECONFLICT, "action",
			                  "Đã yêu cầu bổ sung thông tin một lần, không yêu cầu lại",
			                  "information already asked once");
		if ((rc =
		         need_text(in->note, "note", "thông tin cần bổ sung", HC_FB_NOTE_MAX, err)))
			return rc;
		f->asked_at = now;
		break;
	case A_SUPPLEMENT:
		if ((rc = need_text(in->note, "note", "thông tin đã bổ sung", HC_FB_NOTE_MAX, err)))
			return rc;
		if ((rc = load_rules(tx, f->unit_id, &r, err)))
			return rc;
		/* the clock restarts at the arrival: every step is due again from it */
		f->supplemented_at = f->clock_at = now;
		f->classify_due_at = due_from(&r, env, HC_FBS_CLASSIFY, now);
		f->refuse_due_at = due_from(&r, env, HC_FBS_REFUSE, now);
		f->ask_due_at = due_from(&r, env, HC_FBS_ASK, now);
		f->answer_due_at = due_from(&r, env, HC_FBS_ANSWER, now);
		break;
	case A_ANSWER:
		if ((rc = need_text(in->answer, "answer", "nội dung trả lời", HC_FB_ANSWER_MAX,
		                    err)))
			return rc;
		if ((rc = hc_text_nfc(in->answer, "answer", answer_nfc, err)))
			return rc;
		if ((rc = load_rules(tx, f->unit_id, &r, err)))
			return rc;
		f->answered_at = now;
		f->publish_due_at = due_from(&r, env, HC_FBS_PUBLISH, now);
		break;
	case A_PUBLISH:
		f->published_at = now;
		break;
	case A_COUNT:
		return HC_EINTERNAL;
	}
	return HC_OK;
}

static int update(hc_tx *tx, const hc_feedback *f, const char *answer, int64_t now, hc_err *err)
{
	return hc_tx_exec(
	    tx, err,
	    "UPDATE feedback SET status = ?, category = ?, clock_at = ?, classify_due_at = ?,"
	    " refuse_due_at = ?, ask_due_at = ?, answer_due_at = ?, classified_at = NULLIF(?, 0),"
	    " refused_at = NULLIF(?, 0), asked_at = NULLIF(?, 0), supplemented_at = NULLIF(?, 0),"
	    " answered_at = NULLIF(?, 0), answer = COALESCE(?, answer),"
	    " publish_due_at = NULLIF(?, 0), published_at = NULLIF(?, 0), flags = ?,"
	    " updated_at = ? WHERE id = ?",
	    "ttiiiiiiiiiitiiiii", hc_feedback_status_name(f->status), f->category, f->clock_at,
	    f->classify_due_at, f->refuse_due_at, f->ask_due_at, f->answer_due_at, f->classified_at,
	    f->refused_at, f->asked_at, f->supplemented_at, f->answered_at, answer,
	    f->publish_due_at, f->published_at, (int64_t)f->flags, now, f->id);
}

int hc_feedback_act(hc_tx *tx, const hc_env *env, const hc_actor *a, const char *code,
                    const hc_feedback_act_in *in, hc_feedback **out, hc_err *err)
{
	if (out)
		*out = NULL;
	int idx = -1;
	for (int i = 0; in->action && i < A_COUNT; i++)
		if (strcmp(in->action, act_rules[i].name) == 0)
			idx = i;
	if (idx < 0)
		return hc_err_set(
		    err, HC_EINVAL, "action",
		    "Thao tác không hợp lệ (classify, refuse, ask, supplement, answer, "
		    "publish)",
		    "unknown action '%.40s'", in->action ? in->action : "");
	int rc = hc_text_check(in->note, "note", "ghi chú", HC_FB_NOTE_MAX, false, err);
	if (rc)
		return rc;
	const struct action_rule *ar = &act_rules[idx];
	hc_feedback *f = NULL;
	if ((rc = load(tx, code, false, &f, err)))
		return rc;
	rc = hc_perm_check(a, HC_PERM_FEEDBACK_READ, f->unit_id, err);
	if (!rc) {
		rc = hc_perm_check(a, ar->perm, f->unit_id, err);
		if (rc && ar->alt_perm >= 0 &&
		    hc_perm_check(a, (enum hc_perm)ar->alt_perm, f->unit_id, NULL) == HC_OK)
			rc = HC_OK;
	}
	if (!rc && !(ar->from & ST(f->status))) {
		char msg[HC_ERR_MSG_MAX];
		snprintf(msg, sizeof msg, "Không thể %s khi phản ánh đang ở trạng thái \"%s\"",
		         ar->label, hc_feedback_status_label(f->status));
		rc = hc_err_set(err, HC_ECONFLICT, "action", msg, "action %s illegal from %s",
		                ar->name, hc_feedback_status_name(f->status));
	}
	char *answer = NULL;
	enum hc_feedback_status from = f ? f->status : HC_FB_RECEIVED;
	if (!rc)
		rc = apply(tx, env, (enum act)idx, in, f, &answer, err);
	int64_t due = 0;
	if (!rc) {
		due = ar->step >= 0 ? step_due(f, ar->step) : 0;
		if (due && env->now > due)
			f->flags |= HC_FBF_LATE(ar->step);
		f->status = ar->to;
		rc = update(tx, f, answer, env->now, err);
	}
	if (!rc) {
		const char *note = idx == A_ANSWER ? answer : in->note;
		rc = record(tx, env, a, f, ar->name, hc_feedback_status_name(from),
		            hc_feedback_status_name(f->status), due, note, err);
	}
	free(answer);
	if (!rc && out) {
		char c[64];
		cpy(c, sizeof c, f->code);
		hc_feedback_free(f);
		f = NULL;
		rc = load(tx, c, true, out, err);
	}
	hc_feedback_free(f);
	return rc;
}

/* ---- listing ---------------------------------------------------------- */

static int each_row(hc_stmt *st, int (*fn)(const hc_feedback *fb, void *ctx), void *ctx,
                    hc_err *err)
{
	int stop = 0, rc = HC_OK;
	while (!stop && !rc && hc_stmt_next(st)) {
		hc_feedback f;
		rc = read_row(st, &f, err);
		if (!rc)
			stop = fn(&f, ctx);
		clear(&f);
	}
	int rc2 = hc_stmt_finish(st, err);
	if (!rc && stop)
		rc = stop == HC_ENOMEM ? oom(err) : stop;
	return rc ? rc : rc2;
}

static int check_page(int *limit, int offset, hc_err *err)
{
	if (*limit == 0)
		*limit = 50;
	if (*limit < 1 || *limit > 500 || offset < 0 || offset > 1000000)
		return hc_err_set(err, HC_EINVAL, "limit", "Số dòng mỗi trang phải từ 1 đến 500",
		                  "limit out of range");
	return HC_OK;
}

/* Pending past the answer due at ?, not waiting for the sender */
#define OVERDUE_SQL "(f.status IN ('received','processing') AND f.answer_due_at < ?)"

int hc_feedback_list(hc_tx *tx, const hc_env *env, const hc_actor *a, const hc_feedback_filter *fl,
                     int (*fn)(const hc_feedback *fb, void *ctx), void *ctx, hc_err *err)
{
	int rc = hc_perm_check(a, HC_PERM_FEEDBACK_READ, a->unit_id, err);
	if (rc)
		return rc;
	enum hc_feedback_status s;
	if (fl->status && *fl->status && !hc_feedback_status_parse(fl->status, &s))
		return hc_err_set(err, HC_EINVAL, "status", "Trạng thái phản ánh không hợp lệ",
		                  "unknown status");
	int limit = fl->limit;
	if ((rc = check_page(&limit, fl->offset, err)))
		return rc;
	const char *status = fl->status ? fl->status : "";
	hc_stmt *st;
	rc = hc_tx_query(tx, err, &st,
	                 SELECT_FEEDBACK "WHERE f.unit_id = ? AND (? = '' OR f.status = ?)"
	                                 " AND (? = -1 OR (? = 1 AND " OVERDUE_SQL ")"
	                                 "  OR (? = 0 AND NOT " OVERDUE_SQL "))"
	                                 " ORDER BY f.received_at DESC, f.id DESC LIMIT ? OFFSET ?",
	                 "itt"
	                 "iiiii"
	                 "ii",
	                 a->unit_id, status, status, (int64_t)fl->overdue, (int64_t)fl->overdue,
	                 env->now, (int64_t)fl->overdue, env->now, (int64_t)limit,
	                 (int64_t)fl->offset);
	if (rc)
		return rc;
	return each_row(st, fn, ctx, err);
}

int hc_feedback_list_public(hc_tx *tx, const char *unit_code, int limit, int offset,
                            int (*fn)(const hc_feedback *fb, void *ctx), void *ctx, hc_err *err)
{
	int rc = check_page(&limit, offset, err);
	if (rc)
		return rc;
	hc_unit u;
	rc = hc_unit_by_code(tx, unit_code ? unit_code : "", &u, err);
	if (rc == HC_ENOTFOUND)
		return hc_err_set(err, HC_EINVAL, "unit", "Không tìm thấy đơn vị", "unknown unit");
	if (rc)
		return rc;
	hc_stmt *st;
	rc =
	    hc_tx_query(tx, err, &st,
	                SELECT_FEEDBACK "WHERE f.unit_id = ? AND f.status = 'published'"
	                                " ORDER BY f.published_at DESC, f.id DESC LIMIT ? OFFSET ?",
	                "iii", u.id, (int64_t)limit, (int64_t)offset);
	if (rc)
		return rc;
	return each_row(st, fn, ctx, err);
}

/* ---- counts ------------------------------------------------------------- */

/* One pass over the feedback that can matter for [from, to): received
 * before `to` and not closed (refused or answered) before `from`, grouped by
 * unit. A feedback is closed at COALESCE(refused_at, answered_at). */
#define CLOSED "COALESCE(f.refused_at, f.answered_at)"
/* answered in the period on time, and its publication on time or, not
 * published by ?3, with a publication due not yet passed at ?3 */
#define FULLY_ON_TIME                                                                              \
	"f.answered_at < ?2 AND f.answered_at <= f.answer_due_at"                                  \
	" AND ((f.published_at IS NOT NULL AND f.published_at <= ?3"                               \
	"       AND f.published_at <= f.publish_due_at)"                                           \
	"   OR ((f.published_at IS NULL OR f.published_at > ?3) AND f.publish_due_at >= ?3))"
static const char *counts_sql =
    "SELECT f.unit_id,"
    " COALESCE(SUM(CASE WHEN f.received_at < ?1 THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN f.received_at >= ?1 THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN f.received_at >= ?1 AND f.channel = 'web' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN f.received_at >= ?1 AND f.channel = 'direct' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN f.received_at >= ?1 AND f.channel = 'phone' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN f.received_at >= ?1 AND f.channel = 'mail' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN f.received_at >= ?1 AND f.channel = 'hotline' THEN 1 ELSE 0 END),"
    "  0),"
    /* 7 */
    " COALESCE(SUM(CASE WHEN f.refused_at < ?2 THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN f.answered_at < ?2 AND f.answered_at <= f.answer_due_at"
    "   THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN f.answered_at < ?2 AND f.answered_at > f.answer_due_at"
    "   THEN 1 ELSE 0 END), 0),"
    /* 10: pending at to, judged at ?3 */
    " COALESCE(SUM(CASE WHEN (" CLOSED " IS NULL OR " CLOSED " >= ?2) THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN (" CLOSED " IS NULL OR " CLOSED " >= ?2)"
    "   AND f.asked_at <= ?3 AND (f.supplemented_at IS NULL OR f.supplemented_at > ?3)"
    "   THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN (" CLOSED " IS NULL OR " CLOSED " >= ?2)"
    "   AND NOT (f.asked_at IS NOT NULL AND f.asked_at <= ?3"
    "            AND (f.supplemented_at IS NULL OR f.supplemented_at > ?3))"
    "   AND f.answer_due_at < ?3 THEN 1 ELSE 0 END), 0),"
    /* 13 */
    " COALESCE(SUM(CASE WHEN " FULLY_ON_TIME " THEN 1 ELSE 0 END), 0)"
    " FROM feedback f"
    " WHERE f.received_at < ?2 AND (" CLOSED " IS NULL OR " CLOSED " >= ?1)"
    " AND (?4 = 0 OR f.unit_id = ?4)"
    " GROUP BY f.unit_id";

/* Published in the period (its own pass: publication follows the close). */
static const char *published_sql =
    "SELECT f.unit_id,"
    " COALESCE(SUM(CASE WHEN f.published_at <= f.publish_due_at THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN f.published_at > f.publish_due_at THEN 1 ELSE 0 END), 0)"
    " FROM feedback f WHERE f.published_at >= ?1 AND f.published_at < ?2"
    " AND (?3 = 0 OR f.unit_id = ?3) GROUP BY f.unit_id";

/* The dossiers' satisfaction ratings, by the return of their result. */
static const char *ratings_sql =
    "SELECT d.unit_id, COUNT(*),"
    " COALESCE(SUM(CASE WHEN d.rating IS NOT NULL THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN d.rating >= 4 THEN 1 ELSE 0 END), 0)"
    " FROM dossiers d WHERE d.returned_at >= ?1 AND d.returned_at < ?2"
    " AND (?3 = 0 OR d.unit_id = ?3) GROUP BY d.unit_id";

typedef struct countlist {
	hc_feedback_counts *c;
	int n, cap;
	int64_t from, to, j;
} countlist;

/* The entry of unit_id, appended (zeroed) when absent. Linear: a city has
 * ~100 units, and the passes return one row per unit. */
static hc_feedback_counts *slot(countlist *l, int64_t unit_id)
{
	for (int i = 0; i < l->n; i++)
		if (l->c[i].unit_id == unit_id)
			return &l->c[i];
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		void *p = realloc(l->c, sizeof *l->c * (size_t)cap);
		if (!p)
			return NULL;
		l->c = p;
		l->cap = cap;
	}
	hc_feedback_counts *c = &l->c[l->n++];
	memset(c, 0, sizeof *c);
	c->unit_id = unit_id;
	c->from = l->from;
	c->to = l->to;
	c->judged_at = l->j;
	return c;
}

/* Reads every row of st into the unit's entry: fill(c, values). */
static int each_unit(int rc, hc_stmt *st, countlist *l, int n,
                     void (*fill)(hc_feedback_counts *c, const int64_t *v), hc_err *err)
{
	if (rc)
		return rc;
	while (hc_stmt_next(st)) {
		int64_t v[16] = {0};
		for (int i = 0; i < n; i++)
			v[i] = hc_stmt_int(st, i + 1);
		hc_feedback_counts *c = slot(l, hc_stmt_int(st, 0));
		if (!c) {
			hc_stmt_finish(st, NULL);
			return oom(err);
		}
		fill(c, v);
	}
	return hc_stmt_finish(st, err);
}

static void fill_counts(hc_feedback_counts *c, const int64_t *v)
{
	c->carried_over = v[0];
	c->received.total = v[1];
	c->received.web = v[2];
	c->received.direct = v[3];
	c->received.phone = v[4];
	c->received.mail = v[5];
	c->received.hotline = v[6];
	c->refused = v[7];
	c->handled.on_time = v[8];
	c->handled.late = v[9];
	c->handled.total = v[8] + v[9];
	c->pending.total = v[10];
	c->pending.awaiting_info = v[11];
	c->pending.overdue = v[12];
	c->pending.within = v[10] - v[11] - v[12];
	c->handled.fully_on_time = v[13];
}

static void fill_published(hc_feedback_counts *c, const int64_t *v)
{
	c->published.on_time = v[0];
	c->published.late = v[1];
	c->published.total = v[0] + v[1];
}

static void fill_ratings(hc_feedback_counts *c, const int64_t *v)
{
	c->ratings.returned = v[0];
	c->ratings.rated = v[1];
	c->ratings.satisfied = v[2];
}

static int check_identity(const hc_feedback_counts *c, hc_err *err)
{
	if (c->carried_over + c->received.total ==
	        c->refused + c->handled.total + c->pending.total &&
	    c->received.total == c->received.web + c->received.direct + c->received.phone +
	                             c->received.mail + c->received.hotline &&
	    c->pending.within >= 0 && c->handled.fully_on_time <= c->handled.on_time)
		return HC_OK;
	return hc_err_set(
	    err, HC_EINTERNAL, NULL, "Số liệu phản ánh, kiến nghị không cân đối",
	    "feedback identity failed for unit %lld: %lld + %lld != %lld + %lld + %lld",
	    (long long)c->unit_id, (long long)c->carried_over, (long long)c->received.total,
	    (long long)c->refused, (long long)c->handled.total, (long long)c->pending.total);
}

int hc_feedback_counts_units(hc_tx *tx, int64_t unit_id, int64_t from, int64_t to, int64_t now,
                             hc_feedback_counts **out, int *n, hc_err *err)
{
	*out = NULL;
	*n = 0;
	if (to <= from)
		return hc_err_set(err, HC_EINVAL, "to", "Ngày kết thúc phải sau ngày bắt đầu",
		                  "empty period");
	countlist l = {.from = from, .to = to, .j = now < to ? now : to};
	hc_stmt *st = NULL;
	int rc = hc_tx_query(tx, err, &st, counts_sql, "iiii", from, to, l.j, unit_id);
	rc = each_unit(rc, st, &l, 14, fill_counts, err);
	if (!rc) {
		rc = hc_tx_query(tx, err, &st, published_sql, "iii", from, to, unit_id);
		rc = each_unit(rc, st, &l, 2, fill_published, err);
	}
	if (!rc) {
		rc = hc_tx_query(tx, err, &st, ratings_sql, "iii", from, to, unit_id);
		rc = each_unit(rc, st, &l, 3, fill_ratings, err);
	}
	for (int i = 0; !rc && i < l.n; i++)
		rc = check_identity(&l.c[i], err);
	if (rc) {
		free(l.c);
		return rc;
	}
	*out = l.c;
	*n = l.n;
	return HC_OK;
}

int hc_feedback_counts_compute(hc_tx *tx, int64_t unit_id, int64_t from, int64_t to, int64_t now,
                               hc_feedback_counts *out, hc_err *err)
{
	memset(out, 0, sizeof *out);
	hc_feedback_counts *u = NULL;
	int n = 0;
	int rc = hc_feedback_counts_units(tx, unit_id, from, to, now, &u, &n, err);
	if (rc)
		return rc;
	out->unit_id = unit_id;
	out->from = from;
	out->to = to;
	out->judged_at = now < to ? now : to;
	/* unit_id 0: the sum over every unit */
	for (int i = 0; i < n; i++) {
		const hc_feedback_counts *c = &u[i];
		out->carried_over += c->carried_over;
		out->received.total += c->received.total;
		out->received.web += c->received.web;
		out->received.direct += c->received.direct;
		out->received.phone += c->received.phone;
		out->received.mail += c->received.mail;
		out->received.hotline += c->received.hotline;
		out->refused += c->refused;
		out->handled.total += c->handled.total;
		out->handled.on_time += c->handled.on_time;
		out->handled.late += c->handled.late;
		out->handled.fully_on_time += c->handled.fully_on_time;
		out->pending.total += c->pending.total;
		out->pending.within += c->pending.within;
		out->pending.overdue += c->pending.overdue;
		out->pending.awaiting_info += c->pending.awaiting_info;
		out->published.total += c->published.total;
		out->published.on_time += c->published.on_time;
		out->published.late += c->published.late;
		out->ratings.returned += c->ratings.returned;
		out->ratings.rated += c->ratings.rated;
		out->ratings.satisfied += c->ratings.satisfied;
	}
	free(u);
	return check_identity(out, err);
}

static const char *dossier_sql =
    "SELECT f.dossier_id, COUNT(*),"
    " COALESCE(SUM(CASE WHEN f.answered_at <= ?2 AND f.answered_at <= f.answer_due_at"
    "   THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN f.answered_at <= ?2 AND f.answered_at > f.answer_due_at"
    "   THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN f.refused_at <= ?2 THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN (" CLOSED " IS NULL OR " CLOSED " > ?2)"
    "   AND NOT (f.asked_at IS NOT NULL AND f.asked_at <= ?2"
    "            AND (f.supplemented_at IS NULL OR f.supplemented_at > ?2))"
    "   AND f.answer_due_at < ?2 THEN 1 ELSE 0 END), 0)"
    " FROM feedback f WHERE f.unit_id = ?1 AND f.dossier_id IS NOT NULL"
    " AND f.received_at <= ?2 GROUP BY f.dossier_id";

int hc_feedback_dossier_each(hc_tx *tx, int64_t unit_id, int64_t j,
                             int (*fn)(const hc_feedback_dossier *d, void *ctx), void *ctx,
                             hc_err *err)
{
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st, dossier_sql, "ii", unit_id, j);
	if (rc)
		return rc;
	while (!rc && hc_stmt_next(st)) {
		hc_feedback_dossier d = {.dossier_id = hc_stmt_int(st, 0),
		                         .total = hc_stmt_int(st, 1),
		                         .answered_on_time = hc_stmt_int(st, 2),
		                         .answered_late = hc_stmt_int(st, 3),
		                         .refused = hc_stmt_int(st, 4),
		                         .open_overdue = hc_stmt_int(st, 5)};
		d.open_within =
		    d.total - d.answered_on_time - d.answered_late - d.refused - d.open_overdue;
		rc = fn(&d, ctx);
	}
	int rc2 = hc_stmt_finish(st, err);
	return rc ? rc : rc2;
}

static json_t *rate_json(int64_t num, int64_t den)
{
	return den ? json_real((double)num / (double)den) : json_null();
}

json_t *hc_feedback_counts_json(const hc_feedback_counts *c)
{
	return json_pack(
	    "{sI s{sIsIsIsIsIsI} sI s{sIsIsIsI} s{sIsIsIsI} s{sIsIsI} s{sIsIsI}"
	    " s{sososo}}",
	    "carried_over", (json_int_t)c->carried_over, "received", "total",
	    (json_int_t)c->received.total, "web", (json_int_t)c->received.web, "direct",
	    (json_int_t)c->received.direct, "phone", (json_int_t)c->received.phone, "mail",
	    (json_int_t)c->received.mail, "hotline", (json_int_t)c->received.hotline, "refused",
	    (json_int_t)c->refused, "handled", "total", (json_int_t)c->handled.total, "on_time",
	    (json_int_t)c->handled.on_time, "late", (json_int_t)c->handled.late, "fully_on_time",
	    (json_int_t)c->handled.fully_on_time, "pending", "total", (json_int_t)c->pending.total,
	    "within", (json_int_t)c->pending.within, "overdue", (json_int_t)c->pending.overdue,
	    "awaiting_info", (json_int_t)c->pending.awaiting_info, "published", "total",
	    (json_int_t)c->published.total, "on_time", (json_int_t)c->published.on_time, "late",
	    (json_int_t)c->published.late, "ratings", "returned", (json_int_t)c->ratings.returned,
	    "rated", (json_int_t)c->ratings.rated, "satisfied", (json_int_t)c->ratings.satisfied,
	    "rates", "handled_on_time", rate_json(c->handled.on_time, c->handled.total),
	    "published", rate_json(c->published.total, c->handled.total), "satisfied",
	    rate_json(c->ratings.satisfied, c->ratings.rated));
}
