/* draft: drafts of citizens' online submissions (lưu nháp hồ sơ trực tuyến).
 * Owns: the tables online_drafts and online_draft_files; a draft's code
 * (<unit identifier>-NH-YYMMDD-NNNN, counter.h series "draft") and its
 * secret (auth.h: shown once, only its hash stored); saving partial data
 * (lengths enforced, completeness not); keeping one file per component
 * (a new file replaces the component's, the others stay); expiry (a draft
 * untouched for HC_DRAFT_TTL_S is not loadable and is purged); and the
 * submission of a draft as a dossier.
 * Must not: validate a dossier's applicant (dossier.h does on submit),
 * judge files (upload.h's rules are called), open transactions, read the
 * clock (now is given) or parse HTTP.
 *
 * A draft is not a dossier: it is never received, counted in statistics or
 * given a deadline; it belongs to a unit and one of its procedures offered
 * online. Wrong code, wrong secret and an expired draft give the same
 * HC_ENOTFOUND, so a secret's existence is not revealed. */
#ifndef HC_DRAFT_H
#define HC_DRAFT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/dossier.h"
#include "domain/env.h"
#include "domain/upload.h"

#define HC_DRAFT_TTL_S (30 * 86400) /* untouched for 30 days: expired */
#define HC_DRAFT_PURGE_MAX 20       /* expired drafts removed by one save */
#define HC_DRAFT_CODE_MAX 64

/* What a citizen typed and attached. Text fields may be NULL (read as "");
 * a save replaces every text field. files: new files, component = index in
 * the procedure's components (component_name is taken from the procedure,
 * the caller's is ignored); at most one per component. */
typedef struct hc_draft_in {
	const char *applicant_name;
	const char *applicant_id_number;
	const char *applicant_phone;
	const char *applicant_address;
	const char *note;
	const hc_upload_file *files; /* caller's */
	size_t nfiles;
} hc_draft_in;

typedef struct hc_draft_file {
	int component;
	char component_name[300 * 4 + 1];
	char filename[256];
	char content_type[32];
	int64_t size;
} hc_draft_file;

typedef struct hc_draft {
	int64_t id, unit_id, procedure_id;
	char code[HC_DRAFT_CODE_MAX];
	char unit_code[32];
	char procedure_code[48];
	char applicant_name[HC_APPLICANT_NAME_MAX * 4 + 1];
	char applicant_id_number[HC_APPLICANT_ID_MAX * 4 + 1];
	char applicant_phone[HC_APPLICANT_PHONE_MAX * 4 + 1];
	char applicant_address[HC_APPLICANT_ADDRESS_MAX * 4 + 1];
	char note[HC_INTAKE_NOTE_MAX * 4 + 1];
	int64_t created_at, updated_at;
	hc_draft_file files[HC_UPLOAD_COUNT_MAX]; /* by component */
	size_t nfiles;
} hc_draft;

/* A new draft of procedure_code (offered online, active) of unit_id at
 * now, holding in. Gives its code (code[HC_DRAFT_CODE_MAX]) and secret
 * (secret[16], shown once). Errors: HC_ENOTFOUND for a procedure that is
 * unknown or not offered online; HC_EINVAL / HC_ETOOBIG for a field past
 * its length (field "applicant.name", ...) or a file upload.h refuses
 * (field "tepN"). Also purges up to HC_DRAFT_PURGE_MAX expired drafts of
 * the unit. */
int hc_draft_create(hc_tx *tx, int64_t unit_id, const char *procedure_code, const hc_draft_in *in,
                    int64_t now, char code[HC_DRAFT_CODE_MAX], char secret[16], hc_err *err);

/* Saves in into the draft (code, secret) at now: text fields replaced, each
 * new file replacing its component's, the other files kept; the files in
 * all must pass hc_upload_check. Purges as hc_draft_create does. */
int hc_draft_save(hc_tx *tx, const char *code, const char *secret, const hc_draft_in *in,
                  int64_t now, hc_err *err);

/* The draft (code, secret) as of now, without the files' content: *out is
 * heap, freed with hc_draft_free. HC_ENOTFOUND for a wrong code or secret
 * or a draft untouched for HC_DRAFT_TTL_S. */
int hc_draft_load(hc_tx *tx, const char *code, const char *secret, int64_t now, hc_draft **out,
                  hc_err *err);
void hc_draft_free(hc_draft *d); /* NULL is ignored */

/* Submits the draft (code, secret) at env->now: saves in first (NULL: as
 * stored), then receives the dossier through hc_dossier_receive for actor
 * a (of the draft's unit) with channel online and the draft's files as
 * digitized components, stores the files with the dossier (upload.h) and
 * deletes the draft, all in tx. At least one file is needed
 * (hc_upload_check_submission). *out: the dossier; *submitted (optional,
 * NULL: not wanted) the draft as submitted, heap, hc_draft_free. */
int hc_draft_submit(hc_tx *tx, const hc_env *env, const hc_actor *a, const char *code,
                    const char *secret, const hc_draft_in *in, hc_intake_result *out,
                    hc_draft **submitted, hc_err *err);

/* Removes up to max drafts of unit_id untouched for HC_DRAFT_TTL_S at now,
 * oldest first, with their files; *removed (optional) their number. */
int hc_draft_purge(hc_tx *tx, int64_t unit_id, int64_t now, int max, int *removed, hc_err *err);

#endif
