/* forms: the paper forms of the one-stop process (Circular 01/2018/TT-VPCP,
 * annex forms 01-06) as PDF, in the layout of Decree 30/2020/NĐ-CP
 * (issuing body at top left, national title and motto at top right, place
 * and date line, title, body, signature block; Liberation Serif for Times
 * New Roman).
 * Owns: the wording of each form, which dossier facts fill it, and the
 * rules for what a form needs (a supplement form needs a supplement
 * request in the history, ...). Reads dossiers only through dossier.h, in
 * the caller's (read) transaction; writes nothing.
 * Must not: format HTTP, read the clock, open transactions or write SQL.
 *
 *   kind        form (Circular 01/2018 annex)                      paper
 *   receipt     Mẫu 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả       A5
 *   supplement  Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ      A4
 *   refusal     Mẫu 03 Phiếu từ chối tiếp nhận, giải quyết hồ sơ    A4
 *   apology     Mẫu 04 Phiếu xin lỗi và hẹn lại ngày trả kết quả    A4
 *   control     Mẫu 05 Phiếu kiểm soát quá trình giải quyết hồ sơ   A4
 *   register    Mẫu 06 Sổ theo dõi hồ sơ (a unit, a period)          A4 landscape
 * Pages are numbered from the second (Decree 30/2020). */
#ifndef HC_FORMS_H
#define HC_FORMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/env.h"

enum hc_form_kind {
	HC_FORM_RECEIPT,
	HC_FORM_SUPPLEMENT,
	HC_FORM_REFUSAL,
	HC_FORM_APOLOGY,
	HC_FORM_CONTROL,
	HC_FORM_REGISTER,
	HC_FORM_COUNT
};

/* "receipt", "supplement", "refusal", "apology", "control", "register" */
const char *hc_form_kind_name(enum hc_form_kind k);
bool hc_form_kind_parse(const char *s, enum hc_form_kind *out);

/* Longest lookup base URL; the register's most rows (a longer period is
 * refused: print it in parts). */
#define HC_FORM_BASE_URL_MAX 200
#define HC_FORM_REGISTER_MAX_ROWS 5000

typedef struct hc_form_opts {
	/* receipt: the citizen's lookup secret, checked against the dossier and
	 * printed beside the QR code (never inside it); NULL: not printed. */
	const char *secret;
	/* receipt: the QR code holds base_url followed by the receipt code
	 * (http:// or https://, printable ASCII); NULL or "": the code alone. */
	const char *base_url;
	/* register: most rows (0 = HC_FORM_REGISTER_MAX_ROWS) */
	int max_rows;
} hc_form_opts;

/* Renders form kind (not register) of the dossier the actor may read.
 * *pdf (heap, caller frees) receives *len bytes. HC_ECONFLICT when the
 * dossier's history lacks what the form reports (no supplement request,
 * rejection or extension); HC_EINVAL (field "secret") for a wrong secret. */
int hc_form_dossier(hc_tx *tx, const hc_env *env, const hc_actor *a, const char *code,
                    enum hc_form_kind kind, const hc_form_opts *o, char **pdf, size_t *len,
                    hc_err *err);

/* The register (Mẫu 06) of the dossiers received by unit_code (NULL: the
 * actor's unit) on local days [from_day, to_day). HC_ETOOBIG past max_rows. */
int hc_form_register(hc_tx *tx, const hc_env *env, const hc_actor *a, const char *unit_code,
                     int64_t from_day, int64_t to_day, const hc_form_opts *o, char **pdf,
                     size_t *len, hc_err *err);

#endif
