#include "domain/draft.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/counter.h"
#include "domain/procedure.h"
#include "domain/unit.h"

static const char MSG_NOTFOUND[] = "Không tìm thấy hồ sơ nháp: vui lòng kiểm tra lại mã hồ sơ "
                                   "nháp và mã tra cứu (hồ sơ nháp không cập nhật quá 30 ngày "
                                   "đã bị xóa)";
#define AUDIT_ACTOR "public"

static const char *str(const char *s)
{
	return s ? s : "";
}

static void cpy(char *dst, size_t cap, const char *s)
{
	snprintf(dst, cap, "%s", str(s));
}

static int not_found(hc_err *err, const char *why)
{
	return hc_err_set(err, HC_ENOTFOUND, "code", MSG_NOTFOUND, "draft: %s", why);
}

void hc_draft_free(hc_draft *d)
{
	free(d);
}

/* ---- files ------------------------------------------------------------ */

/* A draft's files in memory: new ones (the caller's data) and stored ones
 * (decoded, owned here). */
typedef struct fileset {
	hc_upload_file f[HC_UPLOAD_COUNT_MAX];
	char *own[HC_UPLOAD_COUNT_MAX][3]; /* data, component name, filename of stored ones */
	size_t n;
} fileset;

static void fileset_free(fileset *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		for (int k = 0; k < 3; k++)
			free(fs->own[i][k]);
	fs->n = 0;
}

/* Calls fn for each stored file of draft d, by component; the row's
 * columns: component, component_name, filename, content_type, size, and
 * with_content the base64 content. */
static int each_file(hc_tx *tx, const hc_draft *d, bool with_content,
                     int (*fn)(hc_stmt *st, void *ctx, hc_err *err), void *ctx, hc_err *err)
{
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st,
	                     with_content
	                         ? "SELECT component, component_name, filename, content_type, size,"
	                           " content_b64 FROM online_draft_files"
	                           " WHERE unit_id = ? AND draft_id = ? ORDER BY component"
	                         : "SELECT component, component_name, filename, content_type, size"
	                           " FROM online_draft_files"
	                           " WHERE unit_id = ? AND draft_id = ? ORDER BY component",
	                     "ii", d->unit_id, d->id);
	if (rc)
		return rc;
	while (!rc && hc_stmt_next(st))
		rc = fn(st, ctx, err);
	int frc = hc_stmt_finish(st, err);
	return rc ? rc : frc;
}

typedef struct stored {
	fileset *fs;
	unsigned skip; /* a bit per component not wanted */
} stored;

static int add_stored(hc_stmt *st, void *ctx, hc_err *err)
{
	stored *s = ctx;
	fileset *fs = s->fs;
	int64_t c = hc_stmt_int(st, 0);
	if (c >= 0 && c < HC_UPLOAD_COUNT_MAX && (s->skip & (1u << c)))
		return HC_OK;
	if (fs->n >= HC_UPLOAD_COUNT_MAX)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi nội bộ", "draft: too many files");
	size_t i = fs->n;
	memset(fs->own[i], 0, sizeof fs->own[i]);
	size_t len = 0;
	int rc = hc_upload_decode(str(hc_stmt_text(st, 5)), &fs->own[i][0], &len, err);
	if (rc)
		return rc;
	fs->own[i][1] = strdup(str(hc_stmt_text(st, 1)));
	fs->own[i][2] = strdup(str(hc_stmt_text(st, 2)));
	fs->n++; /* owned from here on */
	if (!fs->own[i][1] || !fs->own[i][2])
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "draft: no memory");
	fs->f[i] = (hc_upload_file){(int)c, fs->own[i][1], fs->own[i][2], fs->own[i][0], len};
	return HC_OK;
}

/* Appends the stored files of draft d whose component's bit is not set in
 * skip, with their content. */
static int load_stored(hc_tx *tx, const hc_draft *d, unsigned skip, fileset *fs, hc_err *err)
{
	stored s = {fs, skip};
	return each_file(tx, d, true, add_stored, &s, err);
}

/* ---- reading ---------------------------------------------------------- */

static int add_meta(hc_stmt *st, void *ctx, hc_err *err)
{
	hc_draft *d = ctx;
	if (d->nfiles >= HC_UPLOAD_COUNT_MAX)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi nội bộ", "draft: too many files");
	hc_draft_file *f = &d->files[d->nfiles++];
	f->component = (int)hc_stmt_int(st, 0);
	cpy(f->component_name, sizeof f->component_name, hc_stmt_text(st, 1));
	cpy(f->filename, sizeof f->filename, hc_stmt_text(st, 2));
	cpy(f->content_type, sizeof f->content_type, hc_stmt_text(st, 3));
	f->size = hc_stmt_int(st, 4);
	return HC_OK;
}

int hc_draft_load(hc_tx *tx, const char *code, const char *secret, int64_t now, hc_draft **out,
                  hc_err *err)
{
	*out = NULL;
	if (!code || !code[0] || strlen(code) >= HC_DRAFT_CODE_MAX || !secret || !secret[0])
		return not_found(err, "no code or secret");
	hc_draft *d = calloc(1, sizeof *d);
	if (!d)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "draft: no memory");
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st,
	                     "SELECT d.id, d.unit_id, d.procedure_id, d.code, u.code, p.code,"
	                     " d.applicant_name, d.applicant_id_number, d.applicant_phone,"
	                     " d.applicant_address, d.note, d.created_at, d.updated_at,"
	                     " d.secret_hash FROM online_drafts d"
	                     " JOIN units u ON u.id = d.unit_id"
	                     " JOIN procedures p ON p.id = d.procedure_id WHERE d.code = ?",
	                     "t", code);
	if (rc) {
		free(d);
		return rc;
	}
	bool found = false, ok = false;
	if (hc_stmt_next(st)) {
		found = true;
		d->id = hc_stmt_int(st, 0);
		d->unit_id = hc_stmt_int(st, 1);
		d->procedure_id = hc_stmt_int(st, 2);
		cpy(d->code, sizeof d->code, hc_stmt_text(st, 3));
		cpy(d->unit_code, sizeof d->unit_code, hc_stmt_text(st, 4));
		cpy(d->procedure_code, sizeof d->procedure_code, hc_stmt_text(st, 5));
		cpy(d->applicant_name, sizeof d->applicant_name, hc_stmt_text(st, 6));
		cpy(d->applicant_id_number, sizeof d->applicant_id_number, hc_stmt_text(st, 7));
		cpy(d->applicant_phone, sizeof d->applicant_phone, hc_stmt_text(st, 8));
		cpy(d->applicant_address, sizeof d->applicant_address, hc_stmt_text(st, 9));
		cpy(d->note, sizeof d->note, hc_stmt_text(st, 10));
		d->created_at = hc_stmt_int(st, 11);
		d->updated_at = hc_stmt_int(st, 12);
		ok = hc_auth_secret_verify(secret, str(hc_stmt_text(st, 13)));
	}
	if ((rc = hc_stmt_finish(st, err))) {
		free(d);
		return rc;
	}
	if (!found || !ok || now - d->updated_at >= HC_DRAFT_TTL_S) {
		free(d);
		return not_found(err, !found ? "unknown code" : !ok ? "wrong secret" : "expired");
	}
	d->nfiles = 0;
	if ((rc = each_file(tx, d, false, add_meta, d, err))) {
		free(d);
		return rc;
	}
	*out = d;
	return HC_OK;
}

/* ---- writing ---------------------------------------------------------- */

int hc_draft_purge(hc_tx *tx, int64_t unit_id, int64_t now, int max, int *removed, hc_err *err)
{
	if (removed)
		*removed = 0;
	if (max <= 0)
		return HC_OK;
	if (max > 1000)
		max = 1000;
	int64_t *ids = malloc((size_t)max * sizeof *ids);
	if (!ids)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "draft purge: no memory");
	hc_stmt *st;
	int n = 0;
	int rc = hc_tx_query(tx, err, &st,
	                     "SELECT id FROM online_drafts WHERE unit_id = ? AND updated_at <= ?"
	                     " ORDER BY updated_at, id LIMIT ?",
	                     "iii", unit_id, now - HC_DRAFT_TTL_S, (int64_t)max);
	if (!rc) {
		while (n < max && hc_stmt_next(st))
			ids[n++] = hc_stmt_int(st, 0);
		rc = hc_stmt_finish(st, err);
	}
	for (int i = 0; !rc && i < n; i++) {
		rc = hc_tx_exec(tx, err,
		                "DELETE FROM online_draft_files WHERE unit_id = ? AND draft_id = ?",
		                "ii", unit_id, ids[i]);
		if (!rc)
			rc = hc_tx_exec(tx, err,
			                "DELETE FROM online_drafts WHERE unit_id = ? AND id = ?",
			                "ii", unit_id, ids[i]);
	}
	free(ids);
	if (!rc && n > 0) {
		char detail[48];
		snprintf(detail, sizeof detail, "{\"removed\":%d}", n);
		rc = hc_audit_append(tx, unit_id, now, "system", "draft.purge", "drafts", detail,
		                     err);
	}
	if (!rc && removed)
		*removed = n;
	return rc;
}

static int check_fields(const hc_draft_in *in, hc_err *err)
{
	int rc;
	if ((rc = hc_text_check(in->applicant_name, "applicant.name", "họ tên người nộp",
	                        HC_APPLICANT_NAME_MAX, false, err)) ||
	    (rc = hc_text_check(in->applicant_id_number, "applicant.id_number",
	                        "số giấy tờ tùy thân", HC_APPLICANT_ID_MAX, false, err)) ||
	    (rc = hc_text_check(in->applicant_phone, "applicant.phone", "số điện thoại",
	                        HC_APPLICANT_PHONE_MAX, false, err)) ||
	    (rc = hc_text_check(in->applicant_address, "applicant.address", "địa chỉ",
	                        HC_APPLICANT_ADDRESS_MAX, false, err)) ||
	    (rc = hc_text_check(in->note, "note", "ghi chú", HC_INTAKE_NOTE_MAX, false, err)))
		return rc;
	return HC_OK;
}

/* The new files of in, named from the procedure's components (names: its
 * JSON array), into fs; *replaced gets a bit per component they replace. */
static int take_new(const hc_draft_in *in, const json_t *names, fileset *fs, unsigned *replaced,
                    hc_err *err)
{
	*replaced = 0;
	if (in->nfiles > HC_UPLOAD_COUNT_MAX)
		return hc_upload_check(in->files, in->nfiles, err); /* its count limit */
	for (size_t i = 0; i < in->nfiles; i++) {
		hc_upload_file f = in->files[i];
		char field[16];
		snprintf(field, sizeof field, "tep%d", f.component);
		const char *name =
		    f.component >= 0 && f.component < HC_UPLOAD_COUNT_MAX
		        ? json_string_value(json_array_get(names, (size_t)f.component))
		        : NULL;
		if (!name)
			return hc_err_set(err, HC_EINVAL, field,
			                  "Thủ tục không có thành phần hồ sơ này",
			                  "draft: no component %d", f.component);
		if (*replaced & (1u << f.component))
			return hc_err_set(err, HC_EINVAL, field,
			                  "Mỗi thành phần hồ sơ chỉ đính kèm một tệp",
			                  "draft: two files for component %d", f.component);
		*replaced |= 1u << f.component;
		f.component_name = name;
		memset(fs->own[fs->n], 0, sizeof fs->own[fs->n]);
		fs->f[fs->n++] = f;
	}
	return HC_OK;
}

/* Saves in into draft d at now (the row exists): checks the fields and the
 * files in all (new ones replacing stored ones by component), then writes. */
static int apply(hc_tx *tx, const hc_draft *d, const hc_draft_in *in, int64_t now,
                 const char *action, hc_err *err)
{
	int rc = check_fields(in, err);
	if (rc)
		return rc;
	hc_procedure p;
	memset(&p, 0, sizeof p);
	if ((rc = hc_procedure_by_id(tx, d->procedure_id, &p, err)))
		return rc;
	json_t *names = p.components_json ? json_loads(p.components_json, 0, NULL) : NULL;
	hc_procedure_clear(&p);
	fileset fs = {.n = 0};
	unsigned replaced = 0;
	rc = take_new(in, names, &fs, &replaced, err);
	size_t nnew = fs.n;
	if (!rc)
		rc = load_stored(tx, d, replaced, &fs, err);
	if (!rc)
		rc = hc_upload_check(fs.f, fs.n, err);
	if (!rc)
		rc = hc_tx_exec(
		    tx, err,
		    "UPDATE online_drafts SET applicant_name = ?, applicant_id_number = ?,"
		    " applicant_phone = ?, applicant_address = ?, note = ?,"
		    " updated_at = ? WHERE unit_id = ? AND id = ?",
		    "tttttiii", str(in->applicant_name), str(in->applicant_id_number),
		    str(in->applicant_phone), str(in->applicant_address), str(in->note), now,
		    d->unit_id, d->id);
	for (size_t i = 0; !rc && i < nnew; i++) {
		const hc_upload_file *f = &fs.f[i];
		char *b64 = NULL;
		rc = hc_tx_exec(tx, err,
		                "DELETE FROM online_draft_files WHERE unit_id = ? AND draft_id = ?"
		                " AND component = ?",
		                "iii", d->unit_id, d->id, (int64_t)f->component);
		if (!rc)
			rc = hc_upload_encode(f->data, f->len, &b64, err);
		char name[HC_UPLOAD_NAME_MAX];
		hc_upload_safe_name(name, sizeof name, str(f->filename));
		if (!rc)
			rc = hc_tx_exec(
			    tx, err,
			    "INSERT INTO online_draft_files (unit_id, draft_id, component,"
			    " component_name, filename, content_type, size, content_b64,"
			    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			    "iiitttiti", d->unit_id, d->id, (int64_t)f->component,
			    f->component_name, name, hc_upload_sniff(f->data, f->len),
			    (int64_t)f->len, b64, now);
		free(b64);
	}
	fileset_free(&fs);
	json_decref(names);
	if (!rc) {
		char object[96];
		snprintf(object, sizeof object, "draft:%s", d->code);
		char detail[48];
		snprintf(detail, sizeof detail, "{\"files\":%zu}", nnew);
		rc = hc_audit_append(tx, d->unit_id, now, AUDIT_ACTOR, action, object, detail, err);
	}
	return rc;
}

int hc_draft_create(hc_tx *tx, int64_t unit_id, const char *procedure_code, const hc_draft_in *in,
                    int64_t now, char code[HC_DRAFT_CODE_MAX], char secret[16], hc_err *err)
{
	code[0] = secret[0] = '\0';
	hc_unit u;
	hc_procedure p;
	memset(&p, 0, sizeof p);
	int rc = hc_unit_by_id(tx, unit_id, &u, err);
	if (!rc)
		rc = hc_procedure_by_code(tx, unit_id, str(procedure_code), &p, err);
	if (!rc && (p.online_level == HC_ONLINE_NONE || !p.active))
		rc = hc_err_set(err, HC_ENOTFOUND, NULL,
		                "Thủ tục này chưa nhận hồ sơ trực tuyến: vui lòng nộp tại bộ phận "
		                "một cửa",
		                "draft: procedure not offered online");
	hc_draft d = {.unit_id = unit_id, .procedure_id = p.id};
	hc_procedure_clear(&p);
	if (!rc)
		rc = check_fields(in, err); /* before a code is spent */
	if (!rc)
		rc = hc_draft_purge(tx, unit_id, now, HC_DRAFT_PURGE_MAX, NULL, err);
	if (!rc)
		rc = hc_counter_daily_code(tx, unit_id, u.identifier, "draft", "NH-", now, d.code,
		                           sizeof d.code, err);
	char s[16], hash[HC_SECRET_HASH_BUF];
	hc_auth_secret_new(s);
	hc_auth_secret_hash(s, hash);
	if (!rc)
		rc = hc_tx_query_int(tx, err, &d.id,
		                     "INSERT INTO online_drafts (unit_id, procedure_id, code,"
		                     " secret_hash, created_at, updated_at)"
		                     " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		                     "iittii", unit_id, d.procedure_id, d.code, hash, now, now);
	if (!rc)
		rc = apply(tx, &d, in, now, "draft.create", err);
	if (!rc) {
		cpy(code, HC_DRAFT_CODE_MAX, d.code);
		cpy(secret, 16, s);
	}
	return rc;
}

int hc_draft_save(hc_tx *tx, const char *code, const char *secret, const hc_draft_in *in,
                  int64_t now, hc_err *err)
{
	hc_draft *d;
	int rc = hc_draft_load(tx, code, secret, now, &d, err);
	if (rc)
		return rc;
	rc = apply(tx, d, in, now, "draft.save", err);
	if (!rc)
		rc = hc_draft_purge(tx, d->unit_id, now, HC_DRAFT_PURGE_MAX, NULL, err);
	hc_draft_free(d);
	return rc;
}

static int receive(hc_tx *tx, const hc_env *env, const hc_actor *a, const hc_draft *d,
                   hc_intake_result *out, hc_err *err)
{
	hc_procedure p;
	memset(&p, 0, sizeof p);
	int rc = hc_procedure_by_id(tx, d->procedure_id, &p, err);
	json_t *names = !rc && p.components_json ? json_loads(p.components_json, 0, NULL) : NULL;
	hc_procedure_clear(&p);
	fileset fs = {.n = 0};
	if (!rc)
		rc = load_stored(tx, d, 0, &fs, err);
	if (!rc)
		rc = hc_upload_check_submission(fs.f, fs.n, json_array_size(names), err);
	json_decref(names);
	hc_component_in comps[HC_UPLOAD_COUNT_MAX];
	for (size_t i = 0; i < fs.n; i++)
		comps[i] = (hc_component_in){.name = fs.f[i].component_name, .digitized = true};
	hc_intake in = {.procedure_code = d->procedure_code,
	                .channel = "online",
	                .applicant_name = d->applicant_name,
	                .applicant_id_number = d->applicant_id_number,
	                .applicant_phone = d->applicant_phone,
	                .applicant_address = d->applicant_address[0] ? d->applicant_address : NULL,
	                .components = comps,
	                .ncomponents = (int)fs.n,
	                .note = d->note[0] ? d->note : NULL};
	if (!rc)
		rc = hc_dossier_receive(tx, env, a, &in, out, err);
	if (!rc)
		rc = hc_upload_store(tx, d->unit_id, out->id, fs.f, fs.n, env->now, err);
	fileset_free(&fs);
	return rc;
}

int hc_draft_submit(hc_tx *tx, const hc_env *env, const hc_actor *a, const char *code,
                    const char *secret, const hc_draft_in *in, hc_intake_result *out,
                    hc_draft **submitted, hc_err *err)
{
	memset(out, 0, sizeof *out);
	if (submitted)
		*submitted = NULL;
	hc_draft *d = NULL;
	int rc = hc_draft_load(tx, code, secret, env->now, &d, err);
	if (!rc && a->unit_id != d->unit_id)
		rc = hc_err_set(err, HC_EFORBIDDEN, NULL, "Không có quyền tiếp nhận hồ sơ này",
		                "draft of unit %lld submitted for unit %lld", (long long)d->unit_id,
		                (long long)a->unit_id);
	if (!rc && in) { /* the last edits, then the draft as saved */
		rc = apply(tx, d, in, env->now, "draft.save", err);
		hc_draft_free(d);
		d = NULL;
		if (!rc)
			rc = hc_draft_load(tx, code, secret, env->now, &d, err);
	}
	if (!rc)
		rc = receive(tx, env, a, d, out, err);
	if (!rc)
		rc = hc_tx_exec(tx, err,
		                "DELETE FROM online_draft_files WHERE unit_id = ? AND draft_id = ?",
		                "ii", d->unit_id, d->id);
	if (!rc)
		rc = hc_tx_exec(tx, err, "DELETE FROM online_drafts WHERE unit_id = ? AND id = ?",
		                "ii", d->unit_id, d->id);
	if (!rc) {
		char object[96], detail[96];
		snprintf(object, sizeof object, "draft:%s", d->code);
		snprintf(detail, sizeof detail, "{\"dossier\":\"%s\"}", out->code);
		rc = hc_audit_append(tx, d->unit_id, env->now, AUDIT_ACTOR, "draft.submit", object,
		                     detail, err);
	}
	if (!rc && submitted) {
		*submitted = d;
		d = NULL;
	}
	hc_draft_free(d);
	return rc;
}
