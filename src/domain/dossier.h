/* dossier: the one-stop dossier engine (DESIGN §3.3).
 * Owns: intake with receipt code and due instant, the lifecycle state machine
 * and its preconditions, components, the action history, and reads of
 * dossiers for staff (tenant-scoped through perm.h) and citizens (code +
 * secret). Every change writes an action row and an audit row in the
 * caller's transaction. Due instants come from deadline.h only.
 * Must not: format HTTP, open its own transactions, or read the clock. */
#ifndef HC_DOSSIER_H
#define HC_DOSSIER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/env.h"

enum hc_dossier_status {
	HC_DS_RECEIVED,
	HC_DS_PROCESSING,
	HC_DS_AWAITING_SUPPLEMENT,
	HC_DS_AWAITING_PAYMENT,
	HC_DS_AWAITING_SIGNATURE,
	HC_DS_RESOLVED,
	HC_DS_RETURNED,
	HC_DS_REJECTED,
	HC_DS_WITHDRAWN,
	HC_DS_COUNT
};

/* "received", "processing", "awaiting_supplement", "awaiting_payment",
 * "awaiting_signature", "resolved", "returned", "rejected", "withdrawn" */
const char *hc_dossier_status_name(enum hc_dossier_status s);
/* Vietnamese label for users ("Đã tiếp nhận", ...). */
const char *hc_dossier_status_label(enum hc_dossier_status s);
bool hc_dossier_status_parse(const char *s, enum hc_dossier_status *out);
/* Vietnamese label of a history action ("receive" -> "tiếp nhận hồ sơ",
 * "assign" -> "phân công xử lý", ...); the name itself when unknown. */
const char *hc_dossier_action_label(const char *action);

/* Dossier flags */
#define HC_DF_LATE_SUPPLEMENT 1   /* supplement asked > 3 working days after receipt */
#define HC_DF_SECOND_SUPPLEMENT 2 /* more than one supplement request */

typedef struct hc_component_in {
	const char *name;
	bool digitized;
	bool reused; /* taken from data already held (tái sử dụng) */
} hc_component_in;

#define HC_INTAKE_MAX_COMPONENTS 32

/* Lengths (characters) of the applicant's fields and the note, checked by
 * hc_dossier_receive (and by draft.h on a draft's save). */
#define HC_APPLICANT_NAME_MAX 128
#define HC_APPLICANT_ID_MAX 20
#define HC_APPLICANT_PHONE_MAX 20
#define HC_APPLICANT_ADDRESS_MAX 300
#define HC_INTAKE_NOTE_MAX 2000

typedef struct hc_intake {
	const char *procedure_code;
	const char *channel; /* direct | online | postal */
	const char *applicant_name;
	const char *applicant_id_number; /* CCCD: 12 digits; or passport etc. */
	const char *applicant_phone;
	const char *applicant_address;  /* may be NULL */
	const char *deciding_unit_code; /* NULL: the receiving unit */
	const hc_component_in *components;
	int ncomponents;
	const char *note;     /* may be NULL */
	bool fee_paid;        /* fee collected at intake */
	bool fee_paid_online; /* ... through the online payment platform */
} hc_intake;

typedef struct hc_intake_result {
	int64_t id;
	char code[64];   /* <identifier>-YYMMDD-NNNN */
	char secret[16]; /* shown once: printed on the receipt */
	int64_t received_at;
	int64_t due_at;
	enum hc_dossier_status status;
} hc_intake_result;

/* Receives a dossier at env->now for the actor's unit. */
int hc_dossier_receive(hc_tx *tx, const hc_env *env, const hc_actor *a, const hc_intake *in,
                       hc_intake_result *out, hc_err *err);

/* Lifecycle actions (name in hc_action_in.action):
 *   assign            office_code and/or handler (username)    received|processing -> processing
 *   forward           office_code and/or handler                processing -> processing
 *   request_supplement note (what is missing) required          processing -> awaiting_supplement
 *   supplement_received                                         awaiting_supplement -> processing
 *   request_payment   amount (đồng)                             processing -> awaiting_payment
 *   record_payment    online (bool)                             awaiting_payment -> processing
 *   submit_for_signature                                        processing -> awaiting_signature
 *   resolve           digitized_result, e_result                awaiting_signature -> resolved
 *   reject            note (reason) required                    processing|awaiting_signature ->
 * rejected extend            new_due (instant), note required          any unfinished, once
 *   return_result                                               resolved|rejected -> returned*
 *   withdraw          note                                      any unfinished -> withdrawn
 *   rate              rating 1..5 (after the result is returned)
 * (*) a rejected dossier keeps status rejected; returning records returned_at. */
typedef struct hc_action_in {
	const char *action;
	const char *note;
	const char *office_code;
	const char *handler; /* staff username */
	int64_t amount;
	bool online;
	bool digitized_result;
	bool e_result;
	int64_t new_due; /* UTC instant, for extend */
	int rating;
} hc_action_in;

typedef struct hc_dossier_action {
	char action[32];
	char from_status[24];
	char to_status[24];
	char actor_name[HC_ACTOR_NAME_MAX];
	int64_t at;
	char *note; /* heap, owned by the dossier */
} hc_dossier_action;

typedef struct hc_dossier_component {
	char *name; /* heap, owned by the dossier */
	bool digitized;
	bool reused;
} hc_dossier_component;

typedef struct hc_dossier {
	int64_t id;
	int64_t unit_id;
	int64_t deciding_unit_id;
	char unit_code[32];
	char code[64];
	int64_t procedure_id;
	char procedure_code[48];
	char procedure_name[512];
	char field[160];
	char channel[16];
	enum hc_dossier_status status;
	char applicant_name[HC_ACTOR_NAME_MAX]; /* 128 characters */
	char applicant_id_number[32];
	char applicant_phone[32];
	char applicant_address[300 * 4 + 1]; /* 300 characters */
	int64_t office_id;
	char office_name[160];
	int64_t handler_id;
	char handler_name[HC_ACTOR_NAME_MAX];
	int64_t received_at;
	int64_t due_at;          /* legal due, moved only by supplements: classifies */
	int64_t original_due_at; /* due computed at receipt */
	int64_t extended_due_at; /* apology's new date, 0 if none */
	int supplement_count;
	int64_t supplement_since; /* 0 unless awaiting supplement */
	int flags;
	int64_t finished_at; /* 0 if not finished */
	char outcome[16];    /* "" | resolved | rejected | withdrawn */
	int64_t returned_at;
	int64_t fee;
	bool fee_paid;
	bool fee_paid_online;
	bool digitized_input;
	bool digitized_result;
	bool e_result;
	bool reused;
	int rating; /* 0 if none */
	bool legacy;
	int ncomponents;
	hc_dossier_component *components;
	int nactions;
	hc_dossier_action *actions;
} hc_dossier;

/* Applies one action. On success *out (if out is not NULL) receives the
 * updated dossier (caller frees). Illegal transitions give HC_ECONFLICT with
 * the reason; permission refusals HC_EFORBIDDEN; bad fields HC_EINVAL. */
int hc_dossier_act(hc_tx *tx, const hc_env *env, const hc_actor *a, const char *code,
                   const hc_action_in *in, hc_dossier **out, hc_err *err);

/* Reads a dossier the actor may read, with components and history. */
int hc_dossier_get(hc_tx *tx, const hc_actor *a, const char *code, hc_dossier **out, hc_err *err);
/* The id and receiving unit of a dossier the actor may read, with the
 * refusals of hc_dossier_get (HC_ENOTFOUND, HC_EFORBIDDEN), for reads of
 * what belongs to the dossier (its files: upload.h). */
int hc_dossier_locate(hc_tx *tx, const hc_actor *a, const char *code, int64_t *id, int64_t *unit_id,
                      hc_err *err);
/* Citizen read: code and the receipt's secret; wrong secret = HC_ENOTFOUND. */
int hc_dossier_get_public(hc_tx *tx, const char *code, const char *secret, hc_dossier **out,
                          hc_err *err);
void hc_dossier_free(hc_dossier *d);
/* Citizen's satisfaction rating (1..5) with code and secret, once the
 * result has been returned. */
int hc_dossier_rate_public(hc_tx *tx, const hc_env *env, const char *code, const char *secret,
                           int rating, hc_err *err);

/* The applicant as the unit last recorded them: the desk's "recall the
 * applicant" by personal ID number. */
typedef struct hc_applicant {
	char name[HC_ACTOR_NAME_MAX];
	char id_number[32];
	char phone[32];
	char address[300 * 4 + 1];
	char dossier_code[64]; /* the dossier they were taken from */
	int64_t received_at;   /* its receipt instant */
} hc_applicant;

/* Fills *out from the most recent dossier the actor's own unit received
 * from the applicant with this ID number (the same characters as at intake:
 * 6-20 digits or capital letters, a CCCD's 12 digits). Needs the receive
 * permission on the actor's unit; dossiers of other units are never read.
 * HC_EINVAL for a malformed number, HC_ENOTFOUND when the unit holds none. */
int hc_dossier_applicant_recall(hc_tx *tx, const hc_actor *a, const char *id_number,
                                hc_applicant *out, hc_err *err);

typedef struct hc_dossier_filter {
	int64_t unit_id;    /* 0: the actor's unit */
	const char *status; /* status name, NULL = any */
	int overdue;        /* -1 any, 1 only unfinished past due at env->now, 0 only not */
	const char *field;  /* NULL = any */
	const char *q;      /* folded search on code, applicant name, procedure name */
	int64_t handler_id; /* 0 = any */
	int64_t office_id;  /* 0 = any */
	bool open_only;     /* only dossiers not finished */
	/* > 0: only unfinished dossiers, not awaiting supplement, not yet
	 * overdue, whose due instant falls within this many working days of
	 * env->now (the receiving unit's office hours and env->cal); 1..30 */
	int due_within_days;
	int64_t received_from, received_to; /* received in [from, to); 0 = unbounded */
	bool oldest_first;                  /* order by receipt ascending */
	int limit;                          /* 1..500, 0 = 50 */
	int offset;
} hc_dossier_filter;

/* Lists dossiers (without components/history), newest first. fn gets a
 * dossier valid during the call; a non-zero return stops. */
int hc_dossier_list(hc_tx *tx, const hc_env *env, const hc_actor *a, const hc_dossier_filter *f,
                    int (*fn)(const hc_dossier *d, void *ctx), void *ctx, hc_err *err);
/* The number of dossiers hc_dossier_list would give for f without its limit
 * and offset (the same checks and conditions, one statement): an inbox
 * tab's count always equals its list's length. */
int hc_dossier_count(hc_tx *tx, const hc_env *env, const hc_actor *a, const hc_dossier_filter *f,
                     int64_t *n, hc_err *err);

/* The choices of an assign or forward on d (what hc_dossier_act takes as
 * office_code and handler): office_fn gets every office of the deciding
 * unit, handler_fn every active account of that unit whose role may
 * process dossiers (perm.h's HC_PERM_DOSSIER_PROCESS: the one who takes the
 * dossier on), each in the order of names; a non-zero return stops. Needs
 * the actor to read d. Either function may be NULL. */
struct hc_office;
int hc_dossier_assign_choices(hc_tx *tx, const hc_actor *a, const hc_dossier *d,
                              int (*office_fn)(const struct hc_office *o, void *ctx),
                              int (*handler_fn)(const hc_actor *s, void *ctx), void *ctx,
                              hc_err *err);

/* The inboxes of staff (the web page /hop-thu): */
enum hc_inbox {
	HC_INBOX_MINE,       /* unfinished, handled by the actor */
	HC_INBOX_OFFICE,     /* unfinished, held by the actor's office */
	HC_INBOX_OVERDUE,    /* unfinished, past due, not awaiting supplement */
	HC_INBOX_DUE_SOON,   /* due within HC_INBOX_DUE_DAYS working days */
	HC_INBOX_SUPPLEMENT, /* awaiting supplement */
	HC_INBOX_SIGNATURE,  /* awaiting signature */
	HC_INBOX_COUNT
};
#define HC_INBOX_DUE_DAYS 2

/* Sets *f to the filter of inbox box for actor a (the actor's unit, open
 * only; the caller adds order, limit and offset). False when the box is empty for
 * this actor by definition: "mine" without a staff account, "my office"
 * without an office. */
bool hc_dossier_inbox_filter(const hc_actor *a, enum hc_inbox box, hc_dossier_filter *f);
/* The number of dossiers in every inbox of actor a: hc_dossier_count of
 * each hc_dossier_inbox_filter, so counts[b] is the length of box b's whole
 * list (0 for a box empty by definition). Needs dossier.read. */
int hc_dossier_inbox_counts(hc_tx *tx, const hc_env *env, const hc_actor *a,
                            int64_t counts[HC_INBOX_COUNT], hc_err *err);

/* The actions (hc_action_in.action names, in the engine's order) the
 * actor may take on d now: the status allows it, the actor's role and unit
 * hold its permission (perm.h), and what the dossier records does not
 * already exclude it (a second extension, a second return, a rating before
 * the result is returned or once rated, a payment request once paid, a
 * submission for signature before the fee is paid). Checks that depend on
 * the clock or on the input (the extension's date, notes) stay with
 * hc_dossier_act. names[] receives static strings; returns how many (at
 * most HC_DOSSIER_ACTIONS_MAX). */
#define HC_DOSSIER_ACTIONS_MAX 16
int hc_dossier_allowed_actions(const hc_actor *a, const hc_dossier *d,
                               const char *names[HC_DOSSIER_ACTIONS_MAX]);

/* The `dossiers` kind of the CSV import (import.h): legacy dossiers of the
 * old communes with their original codes and times (dossier_import.c). */
struct hc_import_ctx;
extern const char *const hc_dossier_import_columns[];
int hc_dossier_import_row(hc_tx *tx, const struct hc_import_ctx *ctx, const char *const *fields,
                          hc_err *err);

#endif
