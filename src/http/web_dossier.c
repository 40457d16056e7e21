/* Web pages of the dossier workflow: the staff dossier page (/ho-so/{code})
 * with its history, its clock in plain words, the actions the signed-in
 * actor may take now (hc_dossier_allowed_actions) as small forms, and links
 * to the printed forms; the action POST (hc_dossier_act); the printed forms
 * for signed-in staff (hc_api_form_reply, shared with the API); the files
 * attached online (upload.h) and their download (hc_api_file_reply); the desk's
 * receipt with its lookup secret (one POST, never a URL); the inboxes of
 * each role (hc_dossier_list); and the citizen's satisfaction rating
 * (hc_dossier_rate_public). Every rule stays in the domain modules: an
 * action refused by the engine re-renders the page with its message and
 * what was typed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/time.h"
#include "domain/deadline.h"
#include "domain/dossier.h"
#include "domain/forms.h"
#include "domain/unit.h"
#include "domain/upload.h"
#include "http/api_int.h"
#include "http/web.h"

const char *const hc_web_act_keys[] = {"csrf",    "thao-tac",   "ghi-chu", "phong",
                                       "can-bo",  "han-moi",    "so-hoa",  "kq-dien-tu",
                                       "so-tien", "truc-tuyen", "muc",     NULL};
const char *const hc_web_receipt_keys[] = {"csrf", "ma", "mk", NULL};
const char *const hc_web_rate_keys[] = {"csrf", "ma", "mk", "muc", NULL};

/* ---- the actions as forms ------------------------------------------------ */

/* What each action's form asks for. */
enum {
	F_NOTE = 1,     /* ghi-chu, optional */
	F_NOTE_REQ = 2, /* ghi-chu, required by the engine */
	F_TARGET = 4,   /* phong, can-bo */
	F_DATE = 8,     /* han-moi */
	F_RESULT = 16,  /* so-hoa, kq-dien-tu */
	F_AMOUNT = 32,  /* so-tien */
	F_ONLINE = 64,  /* truc-tuyen */
	F_RATING = 128, /* muc */
	F_DANGER = 256  /* the button shows a final step */
};

static const struct act_form {
	const char *action, *button, *hint, *note_label;
	int fields;
} act_forms[] = {
    {"assign", "Phân công xử lý", "Chuyển hồ sơ đến phòng chuyên môn và cán bộ giải quyết.",
     "Ghi chú", F_TARGET | F_NOTE},
    {"forward", "Chuyển xử lý", "Chuyển tiếp hồ sơ cho phòng hoặc cán bộ khác.", "Ghi chú",
     F_TARGET | F_NOTE},
    {"request_supplement", "Yêu cầu bổ sung",
     "Thời gian giải quyết tạm dừng cho đến khi nhận đủ hồ sơ bổ sung.", "Nội dung cần bổ sung",
     F_NOTE_REQ},
    {"supplement_received", "Ghi nhận đã nhận bổ sung",
     "Thời gian giải quyết được tính lại từ lúc nhận đủ hồ sơ bổ sung.", "Ghi chú", F_NOTE},
    {"request_payment", "Đề nghị nộp phí", "Đề nghị người nộp nộp phí, lệ phí.", "Ghi chú",
     F_AMOUNT | F_NOTE},
    {"record_payment", "Ghi nhận đã nộp phí", "Người nộp đã nộp phí, lệ phí.", "Ghi chú",
     F_ONLINE | F_NOTE},
    {"submit_for_signature", "Trình ký", "Trình lãnh đạo ký duyệt kết quả.", "Ý kiến đề xuất",
     F_NOTE},
    {"resolve", "Ký duyệt kết quả", "Ký duyệt kết quả giải quyết hồ sơ.", "Ghi chú",
     F_RESULT | F_NOTE},
    {"reject", "Từ chối giải quyết", "Hồ sơ kết thúc, người nộp nhận phiếu từ chối.",
     "Lý do từ chối", F_NOTE_REQ | F_DANGER},
    {"extend", "Gia hạn, xin lỗi",
     "Chỉ được gia hạn một lần, chậm nhất một ngày làm việc trước hạn; hạn ban đầu vẫn được "
     "giữ để đánh giá đúng hạn.",
     "Lý do xin lỗi, hẹn lại", F_DATE | F_NOTE_REQ},
    {"return_result", "Trả kết quả", "Giao kết quả cho người nộp.", "Ghi chú", F_NOTE},
    {"withdraw", "Rút hồ sơ", "Người nộp đề nghị rút hồ sơ; hồ sơ kết thúc.", "Lý do",
     F_NOTE | F_DANGER},
    {"rate", "Ghi nhận đánh giá", "Ghi nhận mức hài lòng người nộp đánh giá trên phiếu.", "Ghi chú",
     F_RATING},
};

static const struct act_form *find_form(const char *action)
{
	for (size_t i = 0; i < sizeof act_forms / sizeof act_forms[0]; i++)
		if (strcmp(act_forms[i].action, action) == 0)
			return &act_forms[i];
	return NULL;
}

static const char *const rating_labels[] = {
    "", "Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"};

static json_t *rating_options(int checked)
{
	json_t *a = json_array();
	for (int i = 5; i >= 1; i--)
		json_array_append_new(a, json_pack("{s:i,s:s,s:b}", "value", i, "label",
		                                   rating_labels[i], "checked", i == checked));
	return a;
}

/* The form field an engine error names. */
static const char *form_field(const char *f)
{
	static const char *const map[][2] = {
	    {"note", "ghi-chu"},    {"new_due", "han-moi"}, {"office_code", "phong"},
	    {"handler", "can-bo"},  {"amount", "so-tien"},  {"rating", "muc"},
	    {"han-moi", "han-moi"}, {"so-tien", "so-tien"}, {"phong", "phong"},
	    {"can-bo", "can-bo"},   {"ghi-chu", "ghi-chu"}, {"muc", "muc"},
	};
	for (size_t i = 0; f && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], f) == 0)
			return map[i][1];
	return NULL;
}

/* A posted action that failed: its name, the engine's error, and the
 * values typed (read again from rq->form). */
typedef struct posted {
	const char *action;
	hc_err err;
	const char *done; /* "?xong=" of a successful action */
} posted;

/* The offices and handlers an assign or forward may choose
 * (hc_dossier_assign_choices), as {value, label} options. */
typedef struct choices {
	json_t *offices, *handlers;
} choices;

static int add_office(const hc_office *o, void *ctx)
{
	choices *c = ctx;
	char label[sizeof o->name + sizeof o->code + 4];
	snprintf(label, sizeof label, "%s (%s)", o->name, o->code);
	json_array_append_new(c->offices, json_pack("{s:s,s:s}", "value", o->code, "label", label));
	return 0;
}

static int add_handler(const hc_actor *s, void *ctx)
{
	choices *c = ctx;
	char label[HC_ACTOR_NAME_MAX + 160];
	snprintf(label, sizeof label, "%s — %s (%s)", s->full_name, hc_role_label(s->role),
	         s->username);
	json_array_append_new(c->handlers,
	                      json_pack("{s:s,s:s}", "value", s->username, "label", label));
	return 0;
}

/* A copy of options with the one whose value is chosen selected. */
static json_t *options(const json_t *src, const char *chosen)
{
	json_t *a = json_deep_copy(src);
	size_t i;
	json_t *o;
	json_array_foreach(a, i, o)
	{
		const char *v = json_string_value(json_object_get(o, "value"));
		json_object_set_new(o, "selected", json_boolean(v && strcmp(v, chosen) == 0));
	}
	return a;
}

static json_t *action_json(const hc_request *rq, const char *code, const struct act_form *af,
                           const posted *p, const choices *ch)
{
	bool mine = p && p->action && strcmp(p->action, af->action) == 0;
	const char *ff = mine ? form_field(p->err.field) : NULL;
	json_t *o = json_pack(
	    "{s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b}", "action", af->action,
	    "button", af->button, "hint", af->hint, "note_label", af->note_label, "code", code,
	    "note", (af->fields & (F_NOTE | F_NOTE_REQ)) != 0, "note_required",
	    (af->fields & F_NOTE_REQ) != 0, "target", (af->fields & F_TARGET) != 0, "date",
	    (af->fields & F_DATE) != 0, "result", (af->fields & F_RESULT) != 0, "amount",
	    (af->fields & F_AMOUNT) != 0, "online", (af->fields & F_ONLINE) != 0, "rating",
	    (af->fields & F_RATING) != 0, "danger", (af->fields & F_DANGER) != 0, "open", mine);
	if (af->fields & F_RATING) {
		int64_t v = 0;
		const char *m = mine ? hc_web_form(rq, "muc") : "";
		if (m[0] >= '1' && m[0] <= '5' && !m[1])
			v = m[0] - '0';
		json_object_set_new(o, "ratings", rating_options((int)v));
	}
	if (af->fields & F_TARGET) {
		json_object_set_new(o, "offices",
		                    options(ch->offices, mine ? hc_web_form(rq, "phong") : ""));
		json_object_set_new(o, "handlers",
		                    options(ch->handlers, mine ? hc_web_form(rq, "can-bo") : ""));
	}
	if (!mine)
		return o;
	static const char *const kept[] = {"ghi-chu", "phong", "can-bo", "han-moi", "so-tien"};
	for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		char key[16];
		snprintf(key, sizeof key, "v_%s", kept[i]);
		for (char *c = key; *c; c++)
			if (*c == '-')
				*c = '_';
		json_object_set_new(o, key, json_string(hc_web_form(rq, kept[i])));
	}
	json_object_set_new(o, "v_so_hoa", json_boolean(hc_web_form(rq, "so-hoa")[0] != '\0'));
	json_object_set_new(o, "v_kq_dien_tu",
	                    json_boolean(hc_web_form(rq, "kq-dien-tu")[0] != '\0'));
	json_object_set_new(o, "v_truc_tuyen",
	                    json_boolean(hc_web_form(rq, "truc-tuyen")[0] != '\0'));
	if (ff) {
		char key[24];
		snprintf(key, sizeof key, "err_%s", ff);
		for (char *c = key; *c; c++)
			if (*c == '-')
				*c = '_';
		json_object_set_new(o, key, json_string(p->err.message));
	} else {
		json_object_set_new(o, "act_error", json_string(p->err.message));
	}
	return o;
}

/* ---- the clock in plain words ---------------------------------------------- */

static void clock_line(json_t *a, const char *label, const char *text, const char *cls)
{
	json_array_append_new(
	    a, json_pack("{s:s,s:s,s:s}", "label", label, "text", text, "class", cls ? cls : ""));
}

static json_t *clock_json(const hc_request *rq, const hc_dossier *d)
{
	json_t *a = json_array();
	char t1[HC_WEB_TEXT_MAX], t2[HC_WEB_TEXT_MAX], line[256];
	clock_line(a, "Tiếp nhận", hc_web_fmt_time(d->received_at, t1), NULL);
	if (d->original_due_at && d->original_due_at != d->due_at)
		clock_line(a, "Hẹn trả khi tiếp nhận", hc_web_fmt_time(d->original_due_at, t1),
		           NULL);
	for (int i = 0; i < d->nactions; i++) {
		const hc_dossier_action *x = &d->actions[i];
		if (strcmp(x->action, "request_supplement") == 0) {
			/* history: the current wait, if any, is the "Hiện tại" line */
			snprintf(line, sizeof line, "Tạm dừng từ %s, chờ người nộp bổ sung hồ sơ",
			         hc_web_fmt_time(x->at, t1));
			clock_line(a, "Tạm dừng", line, NULL);
		} else if (strcmp(x->action, "supplement_received") == 0) {
			snprintf(line, sizeof line, "Tính lại thời gian giải quyết từ %s",
			         hc_web_fmt_time(x->at, t1));
			clock_line(a, "Tính lại", line, NULL);
		}
	}
	bool finished = d->finished_at != 0;
	if (d->supplement_since) {
		snprintf(line, sizeof line,
		         "Đang tạm dừng từ %s: thời gian chờ bổ sung không tính vào thời hạn",
		         hc_web_fmt_time(d->supplement_since, t1));
		clock_line(a, "Hiện tại", line, "paused");
	}
	snprintf(line, sizeof line, "%s", hc_web_fmt_time(d->due_at, t1));
	if (!finished && !d->supplement_since && d->due_at < rq->env.now)
		clock_line(a, "Hạn giải quyết", line, "late");
	else
		clock_line(a, "Hạn giải quyết", line, "due");
	if (d->extended_due_at) {
		snprintf(line, sizeof line,
		         "Gia hạn (kèm phiếu xin lỗi) đến %s; hạn %s vẫn được giữ để đánh giá "
		         "đúng hạn",
		         hc_web_fmt_time(d->extended_due_at, t1), hc_web_fmt_time(d->due_at, t2));
		clock_line(a, "Gia hạn", line, NULL);
	}
	if (finished) {
		enum hc_timeliness k = hc_deadline_classify(d->due_at, d->finished_at);
		const char *how = strcmp(d->outcome, "resolved") != 0 ? ""
		                  : k == HC_EARLY                     ? " — trước hạn"
		                  : k == HC_ON_TIME                   ? " — đúng hạn"
		                                                      : " — quá hạn";
		snprintf(line, sizeof line, "%s%s", hc_web_fmt_time(d->finished_at, t1), how);
		clock_line(a,
		           strcmp(d->outcome, "rejected") == 0    ? "Từ chối"
		           : strcmp(d->outcome, "withdrawn") == 0 ? "Rút hồ sơ"
		                                                  : "Có kết quả",
		           line,
		           k == HC_LATE && strcmp(d->outcome, "resolved") == 0 ? "late" : "ok");
	} else if (!d->supplement_since && d->due_at < rq->env.now) {
		clock_line(a, "Hiện tại", "Đã quá hạn giải quyết", "late");
	}
	if (d->returned_at)
		clock_line(a, "Trả kết quả", hc_web_fmt_time(d->returned_at, t1), NULL);
	return a;
}

/* ---- printed forms -------------------------------------------------------- */

static const struct print_kind {
	const char *slug, *label;
	enum hc_form_kind kind;
} print_kinds[] = {
    {"giay-tiep-nhan", "Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)", HC_FORM_RECEIPT},
    {"yeu-cau-bo-sung", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)", HC_FORM_SUPPLEMENT},
    {"tu-choi", "Phiếu từ chối giải quyết hồ sơ (Mẫu 03)", HC_FORM_REFUSAL},
    {"xin-loi", "Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)", HC_FORM_APOLOGY},
    {"kiem-soat", "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05)", HC_FORM_CONTROL},
};

static json_t *prints_json(const hc_dossier *d)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sizeof print_kinds / sizeof print_kinds[0]; i++) {
		const struct print_kind *k = &print_kinds[i];
		bool applies =
		    k->kind == HC_FORM_RECEIPT || k->kind == HC_FORM_CONTROL ||
		    (k->kind == HC_FORM_SUPPLEMENT && d->supplement_count > 0) ||
		    (k->kind == HC_FORM_REFUSAL && strcmp(d->outcome, "rejected") == 0) ||
		    (k->kind == HC_FORM_APOLOGY && d->extended_due_at);
		if (!applies)
			continue;
		json_t *o = json_pack("{s:s,s:s,s:s}", "href_code", d->code, "slug", k->slug,
		                      "label", k->label);
		if (k->kind == HC_FORM_RECEIPT)
			json_object_set_new(
			    o, "hint",
			    json_string("Bản in lại không có mã tra cứu: mã tra cứu chỉ "
			                "hiện một lần, lúc tiếp nhận hồ sơ."));
		json_array_append_new(a, o);
	}
	return a;
}

int hc_web_v_print(hc_request *rq, hc_err *err)
{
	int rc = hc_api_v_none(rq, err);
	if (!rc)
		rc = hc_api_check_code(hc_request_param(rq, "code"), "code", 63, err);
	if (rc)
		return rc;
	const char *slug = hc_request_param(rq, "kind");
	for (size_t i = 0; slug && i < sizeof print_kinds / sizeof print_kinds[0]; i++)
		if (strcmp(print_kinds[i].slug, slug) == 0)
			return HC_OK;
	return hc_err_set(err, HC_ENOTFOUND, "kind", "Không có mẫu phiếu này", "unknown form slug");
}

static int print_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	(void)ctx;
	const char *slug = hc_request_param(rq, "kind");
	enum hc_form_kind kind = HC_FORM_CONTROL;
	for (size_t i = 0; i < sizeof print_kinds / sizeof print_kinds[0]; i++)
		if (strcmp(print_kinds[i].slug, slug) == 0)
			kind = print_kinds[i].kind;
	hc_form_opts o = {0};
	return hc_api_form_reply(rq, tx, hc_request_param(rq, "code"), kind, &o, err);
}

/* GET /ho-so/{code}/tep/{id}: a file attached online, as a download. */
void hc_web_dossier_file(hc_request *rq)
{
	hc_web_read(rq, hc_api_file_reply, NULL);
}

/* GET /ho-so/{code}/in/{kind}: the printed form as PDF. */
void hc_web_print(hc_request *rq)
{
	hc_web_read(rq, print_tx, NULL);
}

static int receipt_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	(void)ctx;
	hc_form_opts o = {.secret = hc_web_form(rq, "mk")};
	return hc_api_form_reply(rq, tx, hc_web_form(rq, "ma"), HC_FORM_RECEIPT, &o, err);
}

/* POST /mot-cua/giay-hen: the receipt with the lookup secret, printed right
 * after intake (the secret is checked against the dossier by forms.h). */
void hc_web_receipt_pdf(hc_request *rq)
{
	hc_err e;
	if (hc_api_check_code(hc_web_form(rq, "ma"), "ma", 63, &e) ||
	    hc_api_check_code(hc_web_form(rq, "mk"), "mk", 15, &e)) {
		hc_web_fail(rq, &e);
		return;
	}
	hc_web_read(rq, receipt_tx, NULL);
}

/* ---- GET /ho-so/{code} ------------------------------------------------------ */

int hc_web_v_dossier(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"xong", NULL};
	int rc = hc_query_only(&rq->query, names, err);
	return rc ? rc : hc_api_check_code(hc_request_param(rq, "code"), "code", 63, err);
}

static const char *channel_text(const char *c)
{
	return strcmp(c, "online") == 0   ? "Trực tuyến"
	       : strcmp(c, "postal") == 0 ? "Bưu chính"
	                                  : "Trực tiếp";
}

static const char *type_text(const char *content_type)
{
	return strcmp(content_type, "application/pdf") == 0 ? "PDF"
	       : strcmp(content_type, "image/jpeg") == 0    ? "Ảnh JPEG"
	       : strcmp(content_type, "image/png") == 0     ? "Ảnh PNG"
	                                                    : "Tệp";
}

/* The files attached online, as links to their download. */
static int files_json(hc_request *rq, hc_tx *tx, const char *code, json_t **out, hc_err *err)
{
	hc_upload_info *v = NULL;
	size_t n = 0;
	int rc = hc_upload_list(tx, &rq->actor, code, &v, &n, err);
	if (rc)
		return rc;
	json_t *a = json_array();
	char size[HC_WEB_TEXT_MAX], at[HC_WEB_TEXT_MAX];
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s,s:I,s:s,s:s,s:s,s:s,s:s}", "code", code,
		                                   "id", (json_int_t)v[i].id, "name",
		                                   v[i].filename[0] ? v[i].filename : "tệp",
		                                   "component", v[i].component_name, "size",
		                                   hc_web_fmt_size(v[i].size, size), "type",
		                                   type_text(v[i].content_type), "at",
		                                   hc_web_fmt_time(v[i].created_at, at)));
	free(v);
	*out = a;
	return HC_OK;
}

static int dossier_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	const posted *p = ctx;
	hc_dossier *d = NULL;
	int rc = hc_dossier_get(tx, &rq->actor, hc_request_param(rq, "code"), &d, err);
	if (rc)
		return rc;
	json_t *files = NULL;
	if ((rc = files_json(rq, tx, d->code, &files, err))) {
		hc_dossier_free(d);
		return rc;
	}
	char t[HC_WEB_TEXT_MAX], fee[HC_WEB_TEXT_MAX];
	json_t *comps = json_array();
	for (int i = 0; i < d->ncomponents; i++) {
		const hc_dossier_component *c = &d->components[i];
		json_array_append_new(comps,
		                      json_pack("{s:s,s:s}", "name", c->name ? c->name : "", "how",
		                                c->reused      ? "dùng lại dữ liệu đã có"
		                                : c->digitized ? "bản giấy, đã số hóa"
		                                               : "bản giấy"));
	}
	json_t *hist = json_array();
	for (int i = 0; i < d->nactions; i++) {
		const hc_dossier_action *a = &d->actions[i];
		const char *text = hc_web_action_text(a->action);
		json_array_append_new(
		    hist, json_pack("{s:s,s:s,s:s,s:s}", "at", hc_web_fmt_time(a->at, t), "text",
		                    text ? text : a->action, "actor", a->actor_name, "note",
		                    a->note ? a->note : ""));
	}
	const char *names[HC_DOSSIER_ACTIONS_MAX];
	int n = hc_dossier_allowed_actions(&rq->actor, d, names);
	bool targets = false;
	for (int i = 0; i < n; i++) {
		const struct act_form *af = find_form(names[i]);
		targets |= af && (af->fields & F_TARGET);
	}
	choices ch = {json_array(), json_array()};
	if (targets)
		rc =
		    hc_dossier_assign_choices(tx, &rq->actor, d, add_office, add_handler, &ch, err);
	json_t *acts = json_array();
	for (int i = 0; !rc && i < n; i++) {
		const struct act_form *af = find_form(names[i]);
		if (af)
			json_array_append_new(acts, action_json(rq, d->code, af, p, &ch));
	}
	json_decref(ch.offices);
	json_decref(ch.handlers);
	if (rc) {
		json_decref(acts);
		json_decref(files);
		hc_dossier_free(d);
		return rc;
	}
	json_t *data = json_pack(
	    "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:o,s:o,s:o,s:o,s:o}", "code",
	    d->code, "status", hc_dossier_status_name(d->status), "status_label",
	    hc_dossier_status_label(d->status), "procedure", d->procedure_name, "applicant",
	    d->applicant_name, "id_number", d->applicant_id_number, "phone", d->applicant_phone,
	    "address", d->applicant_address, "channel", channel_text(d->channel), "office",
	    d->office_name, "handler", d->handler_name, "fee", hc_web_fmt_fee(d->fee, fee),
	    "fee_paid", d->fee_paid, "components", comps, "history", hist, "actions", acts, "clock",
	    clock_json(rq, d), "prints", prints_json(d));
	json_object_set_new(data, "received", json_string(hc_web_fmt_time(d->received_at, t)));
	json_object_set_new(data, "has_files", json_boolean(json_array_size(files) > 0));
	json_object_set_new(data, "files", files);
	if (d->rating >= 1 && d->rating <= 5) {
		char r[64];
		snprintf(r, sizeof r, "%d/5 — %s", d->rating, rating_labels[d->rating]);
		json_object_set_new(data, "rating", json_string(r));
	}
	if (p && p->action && p->err.code) {
		const struct act_form *af = find_form(p->action);
		char msg[HC_ERR_MSG_MAX + 96];
		snprintf(msg, sizeof msg, "Chưa thực hiện được «%s»: %s",
		         af ? af->button : p->action, p->err.message);
		json_object_set_new(data, "error", json_string(msg));
	}
	const char *done = p && p->done ? p->done : hc_query_get(&rq->query, "xong");
	const struct act_form *df = done ? find_form(done) : NULL;
	if (df) {
		char msg[160];
		snprintf(msg, sizeof msg, "Đã thực hiện: %s.", df->button);
		json_object_set_new(data, "done", json_string(msg));
	}
	char title[96];
	snprintf(title, sizeof title, "Hồ sơ %s", d->code);
	hc_dossier_free(d);
	hc_web_page(rq, 200, "dossier", title, data);
	return HC_OK;
}

void hc_web_dossier(hc_request *rq)
{
	hc_web_read(rq, dossier_tx, NULL);
}

/* ---- POST /ho-so/{code}/thao-tac ------------------------------------------ */

int hc_web_v_act(hc_request *rq, hc_err *err)
{
	int rc = hc_api_v_none(rq, err);
	return rc ? rc : hc_api_check_code(hc_request_param(rq, "code"), "code", 63, err);
}

static int act_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	(void)ctx;
	const char *action = hc_web_form(rq, "thao-tac");
	hc_action_in in = {.action = action};
	const char *note = hc_web_form(rq, "ghi-chu"), *office = hc_web_form(rq, "phong"),
	           *handler = hc_web_form(rq, "can-bo"), *due = hc_web_form(rq, "han-moi"),
	           *amount = hc_web_form(rq, "so-tien"), *muc = hc_web_form(rq, "muc");
	in.note = note[0] ? note : NULL;
	in.office_code = office[0] ? office : NULL;
	in.handler = handler[0] ? handler : NULL;
	in.digitized_result = hc_web_form(rq, "so-hoa")[0] != '\0';
	in.e_result = hc_web_form(rq, "kq-dien-tu")[0] != '\0';
	in.online = hc_web_form(rq, "truc-tuyen")[0] != '\0';
	if (strcmp(action, "extend") == 0) {
		if (!due[0])
			return hc_err_set(err, HC_EINVAL, "han-moi",
			                  "Vui lòng chọn ngày hẹn trả mới",
			                  "extend without a date");
		if (hc_parse_local_time(due, "han-moi", &in.new_due, err))
			return hc_err_set(err, HC_EINVAL, "han-moi",
			                  "Ngày hẹn trả mới không hợp lệ (ngày và giờ)",
			                  "bad new due '%.40s'", due);
	}
	if (amount[0]) {
		int64_t v = 0;
		size_t i = 0;
		for (; amount[i] >= '0' && amount[i] <= '9' && i < 13; i++)
			v = v * 10 + (amount[i] - '0');
		if (amount[i])
			return hc_err_set(err, HC_EINVAL, "so-tien",
			                  "Số tiền phải là số nguyên (đồng), tối đa 13 chữ số",
			                  "bad amount");
		in.amount = v;
	}
	if (muc[0]) {
		if (muc[0] < '1' || muc[0] > '5' || muc[1])
			return hc_err_set(err, HC_EINVAL, "muc", "Mức đánh giá phải từ 1 đến 5",
			                  "bad rating");
		in.rating = muc[0] - '0';
	} else if (strcmp(action, "rate") == 0) {
		return hc_err_set(err, HC_EINVAL, "muc", "Vui lòng chọn mức đánh giá",
		                  "rate without a rating");
	}
	int rc =
	    hc_dossier_act(tx, &rq->env, &rq->actor, hc_request_param(rq, "code"), &in, NULL, err);
	if (rc)
		return rc;
	char loc[160];
	snprintf(loc, sizeof loc, "/ho-so/%s?xong=%s", hc_request_param(rq, "code"), action);
	hc_web_redirect(rq, loc);
	return HC_OK;
}

void hc_web_act(hc_request *rq)
{
	const char *action = hc_web_form(rq, "thao-tac");
	if (!find_form(action)) {
		hc_err e;
		hc_err_set(&e, HC_EINVAL, "thao-tac", "Thao tác không hợp lệ",
		           "unknown web action");
		hc_web_fail(rq, &e);
		return;
	}
	/* act_tx takes nothing from its ctx; a dossier the actor may not read
	 * fails again in dossier_tx with its own 403 page */
	posted p = {.action = action};
	hc_web_post(rq, act_tx, dossier_tx, &p, &p.err);
}

/* ---- GET /hop-thu: inboxes ------------------------------------------------ */

#define INBOX_PAGE 20
#define INBOX_MAX_PAGE 5000

/* The domain's inboxes (hc_dossier_inbox_filter) with their address and words. */
static const struct box {
	enum hc_inbox inbox;
	const char *slug, *label, *empty;
} boxes[] = {
    {HC_INBOX_MINE, "cua-toi", "Hồ sơ tôi xử lý", "Không có hồ sơ nào đang giao cho bạn."},
    {HC_INBOX_OFFICE, "cua-phong", "Hồ sơ của phòng", "Phòng chưa có hồ sơ nào."},
    {HC_INBOX_OVERDUE, "qua-han", "Quá hạn", "Không có hồ sơ quá hạn."},
    {HC_INBOX_DUE_SOON, "sap-den-han", "Đến hạn trong 2 ngày làm việc",
     "Không có hồ sơ sắp đến hạn."},
    {HC_INBOX_SUPPLEMENT, "cho-bo-sung", "Chờ bổ sung", "Không có hồ sơ chờ bổ sung."},
    {HC_INBOX_SIGNATURE, "cho-ky", "Chờ ký duyệt", "Không có hồ sơ chờ ký."},
};

int hc_web_v_inbox(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"hop", "trang", NULL};
	int rc = hc_query_only(&rq->query, names, err);
	int64_t page = 1;
	if (!rc)
		rc = hc_query_int(&rq->query, "trang", 1, INBOX_MAX_PAGE, 1, &page, err);
	const char *h = hc_query_get(&rq->query, "hop");
	bool known = !h;
	for (size_t i = 0; h && i < sizeof boxes / sizeof boxes[0]; i++)
		known |= strcmp(boxes[i].slug, h) == 0;
	if (!rc && !known)
		rc = hc_err_set(err, HC_ENOTFOUND, "hop", "Không có hộp hồ sơ này", "unknown box");
	return rc;
}

typedef struct inbox {
	const struct box *b;
	int64_t page;
	int n;
	json_t *rows;
} inbox;

static int add_inbox_row(const hc_dossier *d, void *ctx)
{
	inbox *ib = ctx;
	if (++ib->n > INBOX_PAGE)
		return 0;
	char rec[HC_WEB_TEXT_MAX], due[HC_WEB_TEXT_MAX];
	json_array_append_new(
	    ib->rows,
	    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "code", d->code, "procedure",
	              d->procedure_name, "applicant", d->applicant_name, "received",
	              hc_web_fmt_time(d->received_at, rec), "due", hc_web_fmt_time(d->due_at, due),
	              "status", hc_dossier_status_name(d->status), "status_label",
	              hc_dossier_status_label(d->status), "handler", d->handler_name));
	return 0;
}

static int inbox_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	inbox *ib = ctx;
	ib->rows = json_array();
	hc_dossier_filter f;
	bool none = !hc_dossier_inbox_filter(&rq->actor, ib->b->inbox, &f);
	f.oldest_first = true;
	f.limit = INBOX_PAGE + 1;
	f.offset = (int)((ib->page - 1) * INBOX_PAGE);
	int64_t counts[HC_INBOX_COUNT];
	int rc = hc_dossier_inbox_counts(tx, &rq->env, &rq->actor, counts, err);
	if (!rc && !none)
		rc = hc_dossier_list(tx, &rq->env, &rq->actor, &f, add_inbox_row, ib, err);
	if (rc)
		return rc;
	json_t *tabs = json_array();
	for (size_t i = 0; i < sizeof boxes / sizeof boxes[0]; i++)
		json_array_append_new(tabs, json_pack("{s:s,s:s,s:I,s:b}", "slug", boxes[i].slug,
		                                      "label", boxes[i].label, "count",
		                                      (json_int_t)counts[boxes[i].inbox], "current",
		                                      &boxes[i] == ib->b));
	const char *s = ib->b->slug;
	json_t *data =
	    json_pack("{s:o,s:O,s:s,s:s,s:I}", "tabs", tabs, "rows", ib->rows, "hop", s, "empty",
	              none ? "Tài khoản của bạn chưa gắn với phòng hoặc cán bộ "
	                     "nào."
	                   : ib->b->empty,
	              "page", (json_int_t)ib->page);
	if (ib->page > 1)
		json_object_set_new(data, "prev", json_integer((json_int_t)ib->page - 1));
	if (ib->n > INBOX_PAGE && ib->page < INBOX_MAX_PAGE)
		json_object_set_new(data, "next", json_integer((json_int_t)ib->page + 1));
	hc_web_page(rq, 200, "inbox", ib->b->label, data);
	return HC_OK;
}

void hc_web_inbox(hc_request *rq)
{
	const char *h = hc_query_get(&rq->query, "hop");
	int64_t page = 1;
	hc_err e;
	hc_query_int(&rq->query, "trang", 1, INBOX_MAX_PAGE, 1, &page, &e);
	/* the first box of each role: its daily work */
	const char *def = rq->actor.role == HC_ROLE_SPECIALIST  ? "cua-toi"
	                  : rq->actor.role == HC_ROLE_LEADER    ? "cho-ky"
	                  : rq->actor.role == HC_ROLE_HEAD      ? "cua-phong"
	                  : rq->actor.role == HC_ROLE_RECEPTION ? "cho-bo-sung"
	                                                        : "qua-han";
	inbox ib = {.b = &boxes[0], .page = page};
	for (size_t i = 0; i < sizeof boxes / sizeof boxes[0]; i++)
		if (strcmp(boxes[i].slug, h ? h : def) == 0)
			ib.b = &boxes[i];
	hc_web_read(rq, inbox_tx, &ib);
	json_decref(ib.rows);
}

/* ---- POST /tra-cuu/danh-gia: the citizen's rating ------------------------- */

static int rate_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	(void)ctx;
	const char *m = hc_web_form(rq, "muc");
	if (m[0] < '1' || m[0] > '5' || m[1])
		return hc_err_set(err, HC_EINVAL, "muc",
		                  "Vui lòng chọn một mức đánh giá từ 1 đến 5", "bad rating");
	int rc = hc_dossier_rate_public(tx, &rq->env, hc_web_form(rq, "ma"), hc_web_form(rq, "mk"),
	                                m[0] - '0', err);
	if (rc)
		return rc;
	hc_reply_raw(&rq->reply, 200, "text/plain", "", 0);
	return HC_OK;
}

void hc_web_rate(hc_request *rq)
{
	hc_err e;
	if (hc_api_check_code(hc_web_form(rq, "ma"), "ma", 63, &e) ||
	    hc_api_check_code(hc_web_form(rq, "mk"), "mk", 15, &e)) {
		hc_err_set(&e, HC_ENOTFOUND, NULL,
		           "Không tìm thấy hồ sơ. Vui lòng kiểm tra lại mã hồ sơ và mã tra cứu.",
		           "bad code or secret");
		hc_web_fail(rq, &e);
		return;
	}
	hc_http_write(rq, rate_tx, NULL);
	bool failed = hc_web_reply_failed(rq);
	e = rq->reply.err;
	hc_reply_clear(&rq->reply);
	if (failed && e.code != HC_EINVAL && e.code != HC_ECONFLICT) {
		hc_web_fail(rq, &e);
		return;
	}
	/* the lookup page again, with the rating or the reason it was refused */
	hc_web_lookup_result(rq, failed ? e.message : NULL, !failed);
	if (failed) {
		rq->reply.status = hc_err_http_status(e.code);
		rq->reply.err = e;
	}
}
