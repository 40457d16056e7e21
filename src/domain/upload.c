#include "domain/upload.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *hc_upload_sniff(const char *data, size_t len)
{
	const unsigned char *d = (const unsigned char *)data;
	if (len >= 5 && memcmp(d, "%PDF-", 5) == 0)
		return "application/pdf";
	if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return "image/jpeg";
	if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
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

int hc_upload_store(hc_tx *tx, int64_t unit_id, int64_t dossier_id, const hc_upload_file *f,
                    size_t n, int64_t now, hc_err *err)
{
	int rc = hc_upload_check(f, n, err);
	for (size_t i = 0; !rc && i < n; i++) {
		char *b64 = NULL;
		if ((rc = hc_upload_encode(f[i].data, f[i].len, &b64, err)))
			return rc;
		rc = hc_tx_exec(tx, err,
		                "INSERT INTO dossier_files (unit_id, dossier_id, component,"
		                " component_name, filename, content_type, size, content_b64,"
		                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		                "iiitttiti", unit_id, dossier_id, (int64_t)f[i].component,
		                f[i].component_name, f[i].filename ? f[i].filename : "",
		                hc_upload_sniff(f[i].data, f[i].len), (int64_t)f[i].len, b64, now);
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
