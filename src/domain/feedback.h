/* feedback: citizens' feedback and petitions (phản ánh, kiến nghị — PAKN).
 * Owns: submission (validation of every field, the code
 * <identifier>-PA-YYMMDD-NNNN from counter.h), the lifecycle state machine
 * with its permissions (perm.h) and Vietnamese refusals, the time rules of
 * each step (data: the feedback_rules table, unit rows overriding the
 * defaults of unit 0), whether each step was done in time, the action
 * history, staff and public reads, and the counts for a unit and period used
 * by reports and the Decision 766 index (with the dossiers' satisfaction
 * ratings). Every change writes an action row and an audit row in the
 * caller's transaction. Due instants come from deadline.h only.
 * Must not: format HTTP, open its own transactions, or read the clock.
 *
 * Lifecycle (action: from -> to, permission):
 *   submit      (new) -> received                  citizen (public) or feedback.receive
 *   classify    received -> processing             feedback.handle   (rule "classify")
 *   refuse      received -> refused, note needed   feedback.handle   (rule "refuse")
 *   ask         received -> awaiting_info, once    feedback.handle   (rule "ask")
 *   supplement  awaiting_info -> received          feedback.receive or .handle; the
 *               clock restarts: every due is computed again from the arrival
 *   answer      processing -> answered, answer     feedback.handle   (rule "answer")
 *   publish     answered -> published              feedback.publish  (rule "publish",
 *               anchored at the answer)
 * A step done after its due instant is late: the action row says so and the
 * feedback's flags keep one bit per late step. */
#ifndef HC_FEEDBACK_H
#define HC_FEEDBACK_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/env.h"

enum hc_feedback_status {
	HC_FB_RECEIVED,
	HC_FB_AWAITING_INFO,
	HC_FB_PROCESSING,
	HC_FB_REFUSED,
	HC_FB_ANSWERED,
	HC_FB_PUBLISHED,
	HC_FB_COUNT
};

/* "received", "awaiting_info", "processing", "refused", "answered",
 * "published" */
const char *hc_feedback_status_name(enum hc_feedback_status s);
const char *hc_feedback_status_label(enum hc_feedback_status s); /* Vietnamese */
bool hc_feedback_status_parse(const char *s, enum hc_feedback_status *out);

/* Steps that carry a time rule, in feedback_rules.step */
enum hc_feedback_step {
	HC_FBS_CLASSIFY,
	HC_FBS_REFUSE,
	HC_FBS_ASK,
	HC_FBS_ANSWER,
	HC_FBS_PUBLISH,
	HC_FBS_COUNT
};
const char *hc_feedback_step_name(enum hc_feedback_step s);

/* Feedback flags: one bit per step done late (1 << step). */
#define HC_FBF_LATE(step) (1 << (step))

/* Categories (name, Vietnamese label). */
extern const char *const hc_feedback_categories[];
const char *hc_feedback_category_label(const char *name); /* NULL when unknown */

/* Limits of the submitted fields (code points). */
#define HC_FB_NAME_MAX 128
#define HC_FB_PHONE_MAX 20
#define HC_FB_EMAIL_MAX 254
#define HC_FB_ADDRESS_MAX 300
#define HC_FB_CONTENT_MAX 5000
#define HC_FB_NOTE_MAX 2000
#define HC_FB_ANSWER_MAX 10000

typedef struct hc_feedback_in {
	const char *unit_code; /* public submission: the unit addressed (actor's otherwise) */
	const char *channel;   /* web | direct | phone | mail | hotline */
	const char *category;  /* hc_feedback_categories */
	const char *content;
	const char *sender_name;
	const char *sender_phone;   /* may be NULL; phone or email is required */
	const char *sender_email;   /* may be NULL */
	const char *sender_address; /* may be NULL */
	const char *dossier_code;   /* may be NULL: feedback about this dossier of the unit */
	const char *procedure_code; /* may be NULL: about this procedure of the unit */
	bool content_public;        /* the sender agrees to publish the content */
} hc_feedback_in;

typedef struct hc_feedback_action {
	char action[16];
	char from_status[16];
	char to_status[16];
	char actor_name[HC_ACTOR_NAME_MAX];
	int64_t at;
	int64_t due_at; /* 0: the step has no due */
	int on_time;    /* 1, 0, or -1 without a due */
	char *note;     /* heap, owned by the feedback */
} hc_feedback_action;

typedef struct hc_feedback {
	int64_t id;
	int64_t unit_id;
	char unit_code[32];
	char unit_name[160];
	char code[64];
	char dossier_code[64];    /* "" if none */
	char procedure_code[48];  /* "" if none */
	char procedure_name[512]; /* "" if none */
	char channel[16];
	char category[24];
	enum hc_feedback_status status;
	char sender_name[HC_FB_NAME_MAX * 4 + 1];
	char sender_phone[32];
	char sender_email[HC_FB_EMAIL_MAX + 1];
	char sender_address[HC_FB_ADDRESS_MAX * 4 + 1];
	char *content; /* heap, owned */
	char *answer;  /* heap, owned; "" before the answer */
	bool content_public;
	int64_t received_at, clock_at;
	int64_t classify_due_at, refuse_due_at, ask_due_at, answer_due_at, publish_due_at;
	int64_t classified_at, refused_at, asked_at, supplemented_at, answered_at, published_at;
	int flags;
	int nactions;
	hc_feedback_action *actions; /* loaded by get only */
} hc_feedback;

void hc_feedback_free(hc_feedback *f);

typedef struct hc_feedback_result {
	int64_t id;
	char code[64];
	int64_t received_at;
	int64_t answer_due_at;
} hc_feedback_result;

/* Submits feedback at env->now. a == NULL: a citizen on the public portal
 * (unit from in->unit_code, channel must be web or empty); otherwise staff
 * recording it for their own unit (feedback.receive; in->unit_code ignored).
 * Bad fields: HC_EINVAL naming the field ("sender.phone", "unit",
 * "dossier_code", ...). */
int hc_feedback_submit(hc_tx *tx, const hc_env *env, const hc_actor *a, const hc_feedback_in *in,
                       hc_feedback_result *out, hc_err *err);

typedef struct hc_feedback_act_in {
	const char *action;   /* classify | refuse | ask | supplement | answer | publish */
	const char *note;     /* reason (refuse), what is missing (ask), what arrived
	                         (supplement); optional otherwise */
	const char *answer;   /* answer: required */
	const char *category; /* classify: may correct the category */
} hc_feedback_act_in;

/* Applies one action at env->now. Illegal transitions: HC_ECONFLICT with the
 * reason; permissions: HC_EFORBIDDEN; bad fields: HC_EINVAL. *out (when not
 * NULL) receives the updated feedback with its history (caller frees). */
int hc_feedback_act(hc_tx *tx, const hc_env *env, const hc_actor *a, const char *code,
                    const hc_feedback_act_in *in, hc_feedback **out, hc_err *err);

/* Staff read with history (feedback.read on its unit). */
int hc_feedback_get(hc_tx *tx, const hc_actor *a, const char *code, hc_feedback **out, hc_err *err);
/* Public read by code. The caller shows the public view only (no personal
 * data; the content only with the sender's consent, the answer only once
 * published: http/json_feedback.h). */
int hc_feedback_get_public(hc_tx *tx, const char *code, hc_feedback **out, hc_err *err);

typedef struct hc_feedback_filter {
	const char *status; /* NULL = any */
	int overdue;        /* -1 any; 1 pending past the answer due at env->now; 0 not */
	int limit;          /* 1..500, 0 = 50 */
	int offset;         /* 0..1000000 */
} hc_feedback_filter;

/* Staff list of the actor's unit, newest first (no history). fn gets a
 * feedback valid during the call; a non-zero return stops. */
int hc_feedback_list(hc_tx *tx, const hc_env *env, const hc_actor *a, const hc_feedback_filter *f,
                     int (*fn)(const hc_feedback *fb, void *ctx), void *ctx, hc_err *err);
/* Published feedback of a unit (by code; unknown: HC_EINVAL field "unit"),
 * newest publication first. */
int hc_feedback_list_public(hc_tx *tx, const char *unit_code, int limit, int offset,
                            int (*fn)(const hc_feedback *fb, void *ctx), void *ctx, hc_err *err);

/* Counts for unit_id (0: every unit) and the period [from, to), judged at
 * j = min(to, now):
 *   carried_over   received before from, neither refused nor answered before from
 *   received       received in the period (by channel)
 *   refused        refused in the period
 *   handled        answered in the period: on_time (by the answer due) + late
 *   pending        received before to, neither refused nor answered before to:
 *                  awaiting_info (asked at or before j, not supplemented by j),
 *                  overdue (past the answer due at j, not awaiting info), within
 *   published      published in the period: on_time + late
 * Identity, checked on every computation (HC_EINTERNAL otherwise):
 *   carried_over + received = refused + handled + pending.
 * Ratings: dossiers of the unit whose result was returned in the period:
 *   returned, rated (with a rating), satisfied (rating 4 or 5).
 * handled.fully_on_time: answered in the period by the answer due, and
 *   published by its publication due, or not published by j while that due
 *   is still ahead of j (a late publication, or a missed one, drops it). */
typedef struct hc_feedback_counts {
	int64_t unit_id; /* the unit counted (0: the sum over every unit) */
	int64_t from, to, judged_at;
	int64_t carried_over;
	struct {
		int64_t total, web, direct, phone, mail, hotline;
	} received;
	int64_t refused;
	struct {
		int64_t total, on_time, late;
		int64_t fully_on_time; /* on time, and published on time (or its
		                          publication not yet due at j) */
	} handled;
	struct {
		int64_t total, within, overdue, awaiting_info;
	} pending;
	struct {
		int64_t total, on_time, late;
	} published;
	struct {
		int64_t returned, rated, satisfied;
	} ratings;
} hc_feedback_counts;

int hc_feedback_counts_compute(hc_tx *tx, int64_t unit_id, int64_t from, int64_t to, int64_t now,
                               hc_feedback_counts *out, hc_err *err);
/* The same counts per unit, from one grouped pass (GROUP BY unit_id) of
 * each query: unit_id 0 gives every unit that has any feedback or returned
 * dossier in the period, else at most that unit. Units absent from *out have
 * all counts 0. *out is the caller's: free(); each entry passes the
 * identity. hc_feedback_counts_compute is the sum of these entries. */
int hc_feedback_counts_units(hc_tx *tx, int64_t unit_id, int64_t from, int64_t to, int64_t now,
                             hc_feedback_counts **out, int *n, hc_err *err);
/* Feedback about the dossiers of unit_id (feedback.dossier_id set),
 * received before j, one grouped pass (GROUP BY dossier_id), judged at j:
 *   total, answered_on_time, answered_late (answered by j), refused (by j),
 *   open_overdue (neither answered nor refused by j, not awaiting the
 *   sender's information, past the answer due at j), open_within (the rest).
 * fn is called once per dossier with feedback; non-zero stops. */
typedef struct hc_feedback_dossier {
	int64_t dossier_id;
	int64_t total, answered_on_time, answered_late, refused, open_overdue, open_within;
} hc_feedback_dossier;
int hc_feedback_dossier_each(hc_tx *tx, int64_t unit_id, int64_t j,
                             int (*fn)(const hc_feedback_dossier *d, void *ctx), void *ctx,
                             hc_err *err);
/* JSON form shared by `haicap feedback stats --json` and the reports; rates
 * (handled on time ÷ handled, published ÷ handled, satisfied ÷ rated) are
 * null when their denominator is 0. */
json_t *hc_feedback_counts_json(const hc_feedback_counts *c);

#endif
