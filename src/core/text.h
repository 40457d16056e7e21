/* text: UTF-8 and Vietnamese text.
 * Owns: UTF-8 validation, NFC normalization and the search fold (lower case,
 * diacritics removed, đ/Đ -> d) used by every search in haicap, so that
 * "duong" finds "Đường". Uses utf8proc for decomposition and case mapping.
 * Must not: know about fields or storage. */
#ifndef HC_TEXT_H
#define HC_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* True when s[0..n) is valid UTF-8 without NUL or control characters other
 * than tab/newline/CR. */
bool hc_text_valid(const char *s, size_t n);

/* NFC-normalizes s into a new heap string (*out, caller frees). Rejects
 * invalid UTF-8 with HC_EINVAL naming field. */
int hc_text_nfc(const char *s, const char *field, char **out, hc_err *err);

/* Search key: NFKD, strip combining marks, map đ/Đ to d, lower case, collapse
 * runs of spaces. New heap string in *out (caller frees). */
int hc_text_fold(const char *s, char **out, hc_err *err);

/* Upper case of s ("Phường Trần Liễu" -> "PHƯỜNG TRẦN LIỄU"), code point
 * by code point, NFC. New heap string in *out (caller frees). */
int hc_text_upper(const char *s, char **out, hc_err *err);

/* Number of code points (s must be valid UTF-8). */
size_t hc_text_length(const char *s);

/* Checks a user-supplied text field: valid UTF-8, 1..max_chars code points
 * (0 allowed when !required). Message names the field in Vietnamese label. */
int hc_text_check(const char *s, const char *field, const char *label_vi, size_t max_chars,
                  bool required, hc_err *err);

/* A one-line field held in dst[cap]: checked as hc_text_check does, refused
 * when it holds a tab or line break, then NFC-normalized in place (refused
 * when the normalized form does not fit cap). */
int hc_text_line_nfc(char *dst, size_t cap, const char *field, const char *label_vi,
                     size_t max_chars, bool required, hc_err *err);

#endif
