#include "core/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/buf.h"

bool hc_text_valid(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0 || cp < 0)
			return false;
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7f)
			return false;
		i += (size_t)k;
	}
	return true;
}

int hc_text_nfc(const char *s, const char *field, char **out, hc_err *err)
{
	size_t n = strlen(s);
	if (!hc_text_valid(s, n))
		return hc_err_set(err, HC_EINVAL, field, "Văn bản không phải UTF-8 hợp lệ",
		                  "invalid UTF-8 in %s", field ? field : "-");
	utf8proc_uint8_t *r = utf8proc_NFC((const utf8proc_uint8_t *)s);
	if (!r)
		return hc_err_set(err, HC_ENOMEM, field, "Hết bộ nhớ", "NFC failed");
	*out = (char *)r;
	return HC_OK;
}

int hc_text_upper(const char *s, char **out, hc_err *err)
{
	size_t n = strlen(s);
	if (!hc_text_valid(s, n))
		return hc_err_set(err, HC_EINVAL, NULL, "Văn bản không phải UTF-8 hợp lệ",
		                  "upper: invalid UTF-8");
	/* a code point and its upper case take at most 4 bytes each */
	utf8proc_uint8_t *up = malloc(4 * n + 1);
	if (!up)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "upper: no memory");
	size_t j = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0)
			break;
		j += (size_t)utf8proc_encode_char(utf8proc_toupper(cp), up + j);
		i += (size_t)k;
	}
	up[j] = '\0';
	utf8proc_uint8_t *r = utf8proc_NFC(up);
	free(up);
	if (!r)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "upper: NFC failed");
	*out = (char *)r;
	return HC_OK;
}

int hc_text_fold(const char *s, char **out, hc_err *err)
{
	utf8proc_int32_t *cps = NULL;
	size_t n = strlen(s);
	utf8proc_ssize_t len = utf8proc_decompose(
	    (const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, NULL, 0,
	    UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
	if (len < 0)
		return hc_err_set(err, HC_EINVAL, NULL, "Văn bản không phải UTF-8 hợp lệ",
		                  "fold: %s", utf8proc_errmsg(len));
	cps = malloc(sizeof *cps * ((size_t)len + 1));
	if (!cps)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "fold: out of memory");
	len = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, cps, len,
	                         UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
	                             UTF8PROC_CASEFOLD);
	hc_buf b = HC_BUF_INIT;
	int space = 1; /* drop leading spaces */
	for (utf8proc_ssize_t i = 0; i < len; i++) {
		utf8proc_int32_t c = cps[i];
		if (c == 0x0111 || c == 0x0110) /* đ Đ have no decomposition */
			c = 'd';
		if (utf8proc_category(c) == UTF8PROC_CATEGORY_ZS || c == '\t' || c == '\n' ||
		    c == '\r') {
			if (!space)
				hc_buf_putc(&b, ' ');
			space = 1;
			continue;
		}
		space = 0;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t k = utf8proc_encode_char(c, enc);
		hc_buf_append(&b, enc, (size_t)k);
	}
	free(cps);
	if (b.len && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	if (b.failed) {
		hc_buf_free(&b);
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "fold: out of memory");
	}
	*out = hc_buf_take(&b);
	return HC_OK;
}

size_t hc_text_length(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

int hc_text_check(const char *s, const char *field, const char *label_vi, size_t max_chars,
                  bool required, hc_err *err)
{
	char msg[HC_ERR_MSG_MAX];
	size_t n = s ? strlen(s) : 0;
	if (n == 0) {
		if (!required)
			return HC_OK;
		snprintf(msg, sizeof msg, "Chưa nhập %s", label_vi);
		return hc_err_set(err, HC_EINVAL, field, msg, "%s is required", field);
	}
	if (!hc_text_valid(s, n)) {
		snprintf(msg, sizeof msg, "%s chứa ký tự không hợp lệ", label_vi);
		return hc_err_set(err, HC_EINVAL, field, msg, "%s is not valid UTF-8 text", field);
	}
	if (hc_text_length(s) > max_chars) {
		snprintf(msg, sizeof msg, "%s dài quá %zu ký tự", label_vi, max_chars);
		return hc_err_set(err, HC_EINVAL, field, msg, "%s longer than %zu characters",
		                  field, max_chars);
	}
	return HC_OK;
}

int hc_text_line_nfc(char *dst, size_t cap, const char *field, const char *label, size_t max_chars,
                     bool required, hc_err *err)
{
	int rc = hc_text_check(dst, field, label, max_chars, required, err);
	if (rc || !dst[0])
		return rc;
	if (strpbrk(dst, "\t\r\n")) {
		char msg[HC_ERR_MSG_MAX];
		snprintf(msg, sizeof msg, "%s không được chứa dấu xuống dòng hoặc tab", label);
		return hc_err_set(err, HC_EINVAL, field, msg, "%s contains a line break or tab",
		                  field);
	}
	char *n = NULL;
	rc = hc_text_nfc(dst, field, &n, err);
	if (rc)
		return rc;
	size_t len = strlen(n);
	if (len >= cap) {
		free(n);
		char msg[HC_ERR_MSG_MAX];
		snprintf(msg, sizeof msg, "%s quá dài", label);
		return hc_err_set(err, HC_EINVAL, field, msg, "%s longer than %zu bytes", field,
		                  cap - 1);
	}
	memcpy(dst, n, len + 1);
	free(n);
	return HC_OK;
}
