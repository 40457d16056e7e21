#include "domain/upload.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/dossier.h"

/* The accepted types, in the order hc_upload_sniff tests them. */
static const char *const types[] = {"application/pdf", "image/jpeg", "image/png"};

const char *hc_upload_sniff(const char *data, size_t len)
{
	const unsigned char *d = (const unsigned char *)data;
	if (len >= 5 && memcmp(d, "%PDF-", 5) == 0)
		return types[0];
	if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return types[1];
	if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return types[2];
	return NULL;
}

static void field_of(const hc_upload_file *f, char out[16])
{
	snprintf(out, 16, "tep%d", f->component);
}

int hc_upload_check(const hc_upload_file *f, size_t n, hc_err *err)
{
	char field[16];
	if (n > HC_UPLOAD_COUNT_MAX)
		return hc_err_set(err, HC_ETOOBIG, NULL, "Chỉ được đính kèm tối đa 10 tệp",
		                  "%zu files", n);
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		field_of(&f[i], field);
		if (f[i].len == 0)
			return hc_err_set(err, HC_EINVAL, field, "Tệp đính kèm trống",
			                  "empty file");
		if (f[i].len > HC_UPLOAD_FILE_MAX)
			return hc_err_set(
			    err, HC_ETOOBIG, field,
			    "Tệp lớn hơn 5 MB: hãy chụp hoặc quét lại với độ phân giải "
			    "thấp hơn",
			    "file of %zu bytes", f[i].len);
		if (!hc_upload_sniff(f[i].data, f[i].len))
			return hc_err_set(err, HC_EINVAL, field, "Chỉ nhận tệp PDF, JPEG hoặc PNG",
			                  "file type not accepted");
		total += f[i].len;
		if (total > HC_UPLOAD_TOTAL_MAX)
			return hc_err_set(err, HC_ETOOBIG, field,
			                  "Tổng dung lượng tệp đính kèm vượt quá 20 MB",
			                  "%zu bytes in all", total);
	}
	return HC_OK;
}

int hc_upload_check_submission(const hc_upload_file *f, size_t n, size_t ncomponents, hc_err *err)
{
	if (n == 0)
		return hc_err_set(err, HC_EINVAL, ncomponents ? "tep0" : NULL,
		                  "Hãy đính kèm ít nhất một thành phần hồ sơ", "no file");
	return hc_upload_check(f, n, err);
}

int hc_upload_encode(const char *data, size_t len, char **out, hc_err *err)
{
	size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	*out = malloc(cap);
	if (!*out)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "upload: no memory");
	sodium_bin2base64(*out, cap, (const unsigned char *)data, len,
	                  sodium_base64_VARIANT_ORIGINAL);
	return HC_OK;
}

int hc_upload_decode(const char *b64, char **out, size_t *len, hc_err *err)
{
	size_t n = strlen(b64), cap = n / 4 * 3 + 3;
	*out = malloc(cap);
	*len = 0;
	if (!*out)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "upload: no memory");
	if (sodium_base642bin((unsigned char *)*out, cap, b64, n, NULL, len, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(*out);
		*out = NULL;
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi nội bộ",
		                  "upload: stored content is not base64");
	}
	return HC_OK;
}

void hc_upload_safe_name(char *dst, size_t cap, const char *src)
{
	size_t j = 0;
	for (size_t i = 0; src && src[i] && j + 1 < cap;) {
		size_t k = 1;
		unsigned char c = (unsigned char)src[i];
		if (c >= 0xF0)
			k = 4;
		else if (c >= 0xE0)
			k = 3;
		else if (c >= 0xC0)
			k = 2;
		bool ok = (c >= 0x20 && c < 0x7F) ||
		          (c >= 0xC2 && c <= 0xF4 && strnlen(src + i, k) == k &&
		           hc_text_valid(src + i, k));
		if (!ok) {
			dst[j++] = '_';
			i++;
			continue;
		}
		if (j + k + 1 > cap)
			break;
		memcpy(dst + j, src + i, k);
		j += k;
		i += k;
	}
	dst[j] = '\0';
}

int hc_upload_store(hc_tx *tx, int64_t unit_id, int64_t dossier_id, const hc_upload_file *f,
                    size_t n, int64_t now, hc_err *err)
{
	int rc = hc_upload_check(f, n, err);
	for (size_t i = 0; !rc && i < n; i++) {
		char *b64 = NULL;
		if ((rc = hc_upload_encode(f[i].data, f[i].len, &b64, err)))
			return rc;
		/* the browser's name may be any bytes; PostgreSQL's TEXT takes UTF-8 only */
		char name[HC_UPLOAD_NAME_MAX];
		hc_upload_safe_name(name, sizeof name, f[i].filename);
		rc = hc_tx_exec(tx, err,
		                "INSERT INTO dossier_files (unit_id, dossier_id, component,"
		                " component_name, filename, content_type, size, content_b64,"
		                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		                "iiitttiti", unit_id, dossier_id, (int64_t)f[i].component,
		                f[i].component_name, name, hc_upload_sniff(f[i].data, f[i].len),
		                (int64_t)f[i].len, b64, now);
		free(b64);
	}
	return rc;
}

int hc_upload_count(hc_tx *tx, int64_t dossier_id, int64_t *count, int64_t *bytes, hc_err *err)
{
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st,
	                     "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM dossier_files"
	                     " WHERE dossier_id = ?",
	                     "i", dossier_id);
	if (rc)
		return rc;
	*count = *bytes = 0;
	if (hc_stmt_next(st)) {
		*count = hc_stmt_int(st, 0);
		*bytes = hc_stmt_int(st, 1);
	}
	return hc_stmt_finish(st, err);
}

/* ---- reading back --------------------------------------------------------- */

#define INFO_COLUMNS "id, component, component_name, filename, content_type, size, created_at"

static void read_info(hc_stmt *st, hc_upload_info *f)
{
	memset(f, 0, sizeof *f);
	f->id = hc_stmt_int(st, 0);
	f->component = (int)hc_stmt_int(st, 1);
	hc_upload_safe_name(f->component_name, sizeof f->component_name, hc_stmt_text(st, 2));
	hc_upload_safe_name(f->filename, sizeof f->filename, hc_stmt_text(st, 3));
	const char *t = hc_stmt_text(st, 4);
	f->content_type = "application/octet-stream";
	for (size_t i = 0; t && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(t, types[i]) == 0)
			f->content_type = types[i];
	f->size = hc_stmt_int(st, 5);
	f->created_at = hc_stmt_int(st, 6);
}

/* The files of the dossier with this code once the actor may read it: all
 * of them (file_id 0, without their content) or the one with file_id
 * (with its content in the column after INFO_COLUMNS). */
static int query_files(hc_tx *tx, const hc_actor *a, const char *code, int64_t file_id,
                       hc_stmt **st, int64_t *dossier_id, hc_err *err)
{
	int64_t unit_id;
	int rc = hc_dossier_locate(tx, a, code, dossier_id, &unit_id, err);
	if (rc)
		return rc;
	return hc_tx_query(tx, err, st,
	                   "SELECT " INFO_COLUMNS ", CASE WHEN ? = 0 THEN '' ELSE content_b64 END"
	                   " FROM dossier_files WHERE unit_id = ? AND dossier_id = ?"
	                   " AND (? = 0 OR id = ?) ORDER BY component, id",
	                   "iiiii", file_id, unit_id, *dossier_id, file_id, file_id);
}

int hc_upload_list(hc_tx *tx, const hc_actor *a, const char *code, hc_upload_info **out, size_t *n,
                   hc_err *err)
{
	*out = NULL;
	*n = 0;
	int64_t dossier_id;
	hc_stmt *st;
	int rc = query_files(tx, a, code, 0, &st, &dossier_id, err);
	if (rc)
		return rc;
	hc_upload_info *v = NULL;
	size_t cap = 0, k = 0;
	while (hc_stmt_next(st)) {
		if (k == cap) {
			cap = cap ? cap * 2 : 4;
			hc_upload_info *p = realloc(v, sizeof *v * cap);
			if (!p) {
				hc_stmt_finish(st, NULL);
				free(v);
				return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ",
				                  "upload list: no memory");
			}
			v = p;
		}
		read_info(st, &v[k++]);
	}
	rc = hc_stmt_finish(st, err);
	if (rc) {
		free(v);
		return rc;
	}
	*out = v;
	*n = k;
	return HC_OK;
}

int hc_upload_read(hc_tx *tx, const hc_actor *a, const char *code, int64_t file_id,
                   hc_upload_info *info, char **data, hc_err *err)
{
	*data = NULL;
	int64_t dossier_id;
	hc_stmt *st;
	int rc = file_id > 0 ? query_files(tx, a, code, file_id, &st, &dossier_id, err)
	                     : hc_err_set(err, HC_ENOTFOUND, "id", "Không tìm thấy tệp đính kèm",
	                                  "file id %lld", (long long)file_id);
	if (rc)
		return rc;
	bool found = hc_stmt_next(st);
	char *bin = NULL;
	size_t len = 0;
	if (found) {
		read_info(st, info);
		const char *b64 = hc_stmt_text(st, 7);
		size_t blen = b64 ? strlen(b64) : 0;
		bin = malloc(blen / 4 * 3 + 1);
		if (!bin)
			rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ",
			                "upload read: no memory");
		else if (sodium_base642bin((unsigned char *)bin, blen / 4 * 3 + 1, b64, blen, NULL,
		                           &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
		         (int64_t)len != info->size)
			rc = hc_err_set(
			    err, HC_EINTERNAL, NULL, "Lỗi hệ thống",
			    "dossier file %lld: stored content does not decode to its size",
			    (long long)file_id);
	}
	int frc = hc_stmt_finish(st, rc ? NULL : err);
	if (!rc)
		rc = frc;
	if (!rc && !found)
		rc = hc_err_set(err, HC_ENOTFOUND, "id", "Không tìm thấy tệp đính kèm",
		                "no file %lld in dossier %lld", (long long)file_id,
		                (long long)dossier_id);
	if (rc) {
		free(bin);
		return rc;
	}
	*data = bin;
	return HC_OK;
}
