/* api_int: validators and handlers shared between routes.c and api_*.c.
 * Private to src/http. Each pair is listed once in the route table. */
#ifndef HC_API_INT_H
#define HC_API_INT_H

#include "domain/forms.h"
#include "db/db.h"
#include "http/router.h"
#include "http/txn.h"

/* Accepts no query parameters (and, through the table, no body). */
int hc_api_v_none(hc_request *rq, hc_err *err);

/* operator endpoints (api_system.c) */
void hc_api_healthz(hc_request *rq);
void hc_api_index(hc_request *rq);
void hc_api_metrics(hc_request *rq);

/* sessions (api_session.c) */
extern const char *const hc_api_login_keys[];
int hc_api_v_login(hc_request *rq, hc_err *err);
void hc_api_login(hc_request *rq);
void hc_api_logout(hc_request *rq);

/* procedures (api_procedure.c) */
int hc_api_v_procedure_list(hc_request *rq, hc_err *err);
void hc_api_procedure_list(hc_request *rq);
int hc_api_v_procedure_get(hc_request *rq, hc_err *err);
void hc_api_procedure_get(hc_request *rq);

/* dossiers (api_dossier.c) */
extern const char *const hc_api_dossier_keys[];
extern const char *const hc_api_action_keys[];
int hc_api_v_dossier_create(hc_request *rq, hc_err *err);
void hc_api_dossier_create(hc_request *rq);
int hc_api_v_dossier_list(hc_request *rq, hc_err *err);
void hc_api_dossier_list(hc_request *rq);
int hc_api_v_dossier_get(hc_request *rq, hc_err *err);
void hc_api_dossier_get(hc_request *rq);
int hc_api_v_dossier_act(hc_request *rq, hc_err *err);
void hc_api_dossier_act(hc_request *rq);
int hc_api_v_dossier_public(hc_request *rq, hc_err *err);
void hc_api_dossier_public(hc_request *rq);
extern const char *const hc_api_rating_keys[];
int hc_api_v_dossier_rate(hc_request *rq, hc_err *err);
void hc_api_dossier_rate(hc_request *rq);

/* citizens' feedback (api_feedback.c) */
extern const char *const hc_api_feedback_public_keys[];
extern const char *const hc_api_feedback_keys[];
extern const char *const hc_api_feedback_action_keys[];
int hc_api_v_feedback_submit_public(hc_request *rq, hc_err *err);
void hc_api_feedback_submit_public(hc_request *rq);
int hc_api_v_feedback_list_public(hc_request *rq, hc_err *err);
void hc_api_feedback_list_public(hc_request *rq);
void hc_api_feedback_get_public(hc_request *rq);
int hc_api_v_feedback_submit(hc_request *rq, hc_err *err);
void hc_api_feedback_submit(hc_request *rq);
int hc_api_v_feedback_list(hc_request *rq, hc_err *err);
void hc_api_feedback_list(hc_request *rq);
int hc_api_v_feedback_get(hc_request *rq, hc_err *err); /* also the public read */
void hc_api_feedback_get(hc_request *rq);
int hc_api_v_feedback_act(hc_request *rq, hc_err *err);
void hc_api_feedback_act(hc_request *rq);
/* the files of an online dossier (api_files.c): the list, and the
 * download of {id} of dossier {code} shared with the web page (sets the
 * reply: the bytes as an attachment with its headers) */
void hc_api_dossier_files(hc_request *rq); /* validator: hc_api_v_dossier_get */
int hc_api_v_file(hc_request *rq, hc_err *err);
void hc_api_dossier_file(hc_request *rq);
int hc_api_file_reply(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err); /* a hc_tx_fn */
/* printed forms (api_forms.c) */
int hc_api_v_dossier_form(hc_request *rq, hc_err *err);
void hc_api_dossier_form(hc_request *rq);

/* statistics (api_stats.c) */
int hc_api_v_stats(hc_request *rq, hc_err *err);
void hc_api_stats(hc_request *rq);
int hc_api_v_stats_units(hc_request *rq, hc_err *err);
void hc_api_stats_units(hc_request *rq);

/* Decision 766 index (api_index766.c) */
int hc_api_v_index766(hc_request *rq, hc_err *err);
void hc_api_index766(hc_request *rq);
int hc_api_v_index766_ranking(hc_request *rq, hc_err *err);
void hc_api_index766_ranking(hc_request *rq);
/* Periodic report as a file (api_report.c) */
int hc_api_v_report(hc_request *rq, hc_err *err);
void hc_api_report(hc_request *rq);
/* The periodic report of unit_id for local days [from_day, to_day) as the
 * reply file in format (needs stats.read on the unit); shared by the API
 * and the dashboard's download (web_dashboard.c). */
struct hc_output_format;
int hc_api_report_send(hc_request *rq, hc_tx *tx, int64_t unit_id, int64_t from_day, int64_t to_day,
                       const struct hc_output_format *format, hc_err *err);
int hc_api_v_evaluation(hc_request *rq, hc_err *err);
void hc_api_evaluation(hc_request *rq);

/* web pages (web_pages.c, web_desk.c; plumbing in web.h) */
/* api_forms.c: renders a dossier's printed form (forms.h) into a PDF reply
 * (200, application/pdf); shared by the API and the web route. */
int hc_api_form_reply(hc_request *rq, hc_tx *tx, const char *code, enum hc_form_kind kind,
                      const hc_form_opts *o, hc_err *err);
extern const char *const hc_web_login_keys[];
extern const char *const hc_web_csrf_keys[];
extern const char *const hc_web_lookup_keys[];
extern const char *const hc_web_desk_keys[];
void hc_web_root(hc_request *rq);
void hc_web_login_page(hc_request *rq);
int hc_web_v_login(hc_request *rq, hc_err *err);
void hc_web_login(hc_request *rq);
void hc_web_logout(hc_request *rq);
void hc_web_home(hc_request *rq);
int hc_web_v_period(hc_request *rq, hc_err *err);
void hc_web_dashboard(hc_request *rq);
void hc_web_overview(hc_request *rq);
int hc_web_v_dashboard_report(hc_request *rq, hc_err *err);
/* citizens' online submission (web_online.c) */
extern const char *const hc_web_online_keys[];
int hc_web_v_online(hc_request *rq, hc_err *err);
void hc_web_online_form(hc_request *rq);
void hc_web_online_submit(hc_request *rq);
/* resuming a draft of it (draft.h): the code and secret, then the form */
extern const char *const hc_web_draft_keys[];
void hc_web_draft_page(hc_request *rq);
void hc_web_draft_resume(hc_request *rq);
void hc_web_dashboard_report(hc_request *rq);
int hc_web_v_catalog(hc_request *rq, hc_err *err);
void hc_web_catalog(hc_request *rq);
int hc_web_v_procedure(hc_request *rq, hc_err *err);
void hc_web_procedure(hc_request *rq);
void hc_web_lookup_page(hc_request *rq);
int hc_web_v_lookup(hc_request *rq, hc_err *err);
void hc_web_lookup(hc_request *rq);
/* The lookup page for the posted code and secret, with the rating form's
 * refusal (or NULL) and whether a rating was just recorded. */
void hc_web_lookup_result(hc_request *rq, const char *rate_error, bool rated);
int hc_web_v_desk(hc_request *rq, hc_err *err);
void hc_web_desk(hc_request *rq);
void hc_web_desk_receive(hc_request *rq);
int hc_web_v_dossiers(hc_request *rq, hc_err *err);
void hc_web_dossiers(hc_request *rq);
int hc_web_v_dossier(hc_request *rq, hc_err *err);
void hc_web_dossier(hc_request *rq);
/* web_dossier.c: the dossier page's actions and printed forms, the
 * inboxes, the desk's receipt with its secret, the citizen's rating */
extern const char *const hc_web_act_keys[];
extern const char *const hc_web_receipt_keys[];
extern const char *const hc_web_rate_keys[];
int hc_web_v_act(hc_request *rq, hc_err *err);
void hc_web_act(hc_request *rq);
int hc_web_v_print(hc_request *rq, hc_err *err);
void hc_web_print(hc_request *rq);
void hc_web_dossier_file(hc_request *rq);
void hc_web_receipt_pdf(hc_request *rq);
int hc_web_v_inbox(hc_request *rq, hc_err *err);
void hc_web_inbox(hc_request *rq);
void hc_web_rate(hc_request *rq);

/* The unit a request names by its code in a query (NULL: the actor's own),
 * once the actor holds perm on it: an unknown code is HC_EINVAL on the
 * field "unit", a unit the actor may not read HC_EFORBIDDEN. */
int hc_api_unit_of(hc_request *rq, hc_tx *tx, const char *unit_code, enum hc_perm perm,
                   int64_t *unit_id, hc_err *err);

/* Checks that a path parameter is 1..max printable ASCII without spaces. */
int hc_api_check_code(const char *value, const char *field, size_t max, hc_err *err);

#endif
