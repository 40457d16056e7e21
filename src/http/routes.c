/* THE route table of haicap's HTTP interface. Every entry names its access
 * (public, any signed-in actor, or a permission from perm.h), a validator
 * and a handler; tests/unit/http/test_routes.c walks it. */
#include "http/api.h"
#include "http/api_int.h"

static const hc_route routes[] = {
    /* operators */
    {"GET", "/", HC_ROUTE_PUBLIC, 0, NULL, hc_api_v_none, hc_api_index},
    {"GET", "/healthz", HC_ROUTE_PUBLIC, 0, NULL, hc_api_v_none, hc_api_healthz},
    {"GET", "/metrics", HC_ROUTE_PUBLIC, 0, NULL, hc_api_v_none, hc_api_metrics},
    /* sessions */
    {"POST", "/api/v1/sessions", HC_ROUTE_PUBLIC, 0, hc_api_login_keys, hc_api_v_login,
     hc_api_login},
    {"DELETE", "/api/v1/sessions", HC_ROUTE_AUTH, 0, NULL, hc_api_v_none, hc_api_logout},
    /* procedure catalog */
    {"GET", "/api/v1/procedures", HC_ROUTE_PERM, HC_PERM_PROCEDURE_READ, NULL,
     hc_api_v_procedure_list, hc_api_procedure_list},
    {"GET", "/api/v1/procedures/{code}", HC_ROUTE_PERM, HC_PERM_PROCEDURE_READ, NULL,
     hc_api_v_procedure_get, hc_api_procedure_get},
    /* dossiers */
    {"POST", "/api/v1/dossiers", HC_ROUTE_PERM, HC_PERM_DOSSIER_RECEIVE, hc_api_dossier_keys,
     hc_api_v_dossier_create, hc_api_dossier_create},
    {"GET", "/api/v1/dossiers", HC_ROUTE_PERM, HC_PERM_DOSSIER_READ, NULL, hc_api_v_dossier_list,
     hc_api_dossier_list},
    {"GET", "/api/v1/dossiers/{code}", HC_ROUTE_PERM, HC_PERM_DOSSIER_READ, NULL,
     hc_api_v_dossier_get, hc_api_dossier_get},
    /* each action's own permission is checked by the dossier engine */
    {"POST", "/api/v1/dossiers/{code}/actions", HC_ROUTE_PERM, HC_PERM_DOSSIER_READ,
     hc_api_action_keys, hc_api_v_dossier_act, hc_api_dossier_act},
    /* printed forms: {kind} is receipt.pdf, supplement.pdf, ... (forms.h) */
    {"GET", "/api/v1/dossiers/{code}/forms/{kind}", HC_ROUTE_PERM, HC_PERM_DOSSIER_READ, NULL,
     hc_api_v_dossier_form, hc_api_dossier_form},
    /* statistics */
    {"GET", "/api/v1/stats/dossiers", HC_ROUTE_PERM, HC_PERM_STATS_READ, NULL, hc_api_v_stats,
     hc_api_stats},
    /* every unit with its ranks: stats.read on every unit (supervisors) */
    {"GET", "/api/v1/stats/units", HC_ROUTE_PERM, HC_PERM_STATS_READ, NULL, hc_api_v_stats_units,
     hc_api_stats_units},
    /* citizens' feedback (PAKN): each action's own permission is checked by
     * the feedback module */
    {"POST", "/api/v1/feedback", HC_ROUTE_PERM, HC_PERM_FEEDBACK_RECEIVE, hc_api_feedback_keys,
     hc_api_v_feedback_submit, hc_api_feedback_submit},
    {"GET", "/api/v1/feedback", HC_ROUTE_PERM, HC_PERM_FEEDBACK_READ, NULL, hc_api_v_feedback_list,
     hc_api_feedback_list},
    {"GET", "/api/v1/feedback/{code}", HC_ROUTE_PERM, HC_PERM_FEEDBACK_READ, NULL,
     hc_api_v_feedback_get, hc_api_feedback_get},
    {"POST", "/api/v1/feedback/{code}/actions", HC_ROUTE_PERM, HC_PERM_FEEDBACK_READ,
     hc_api_feedback_action_keys, hc_api_v_feedback_act, hc_api_feedback_act},
    {"POST", "/api/v1/public/feedback", HC_ROUTE_PUBLIC, 0, hc_api_feedback_public_keys,
     hc_api_v_feedback_submit_public, hc_api_feedback_submit_public},
    {"GET", "/api/v1/public/feedback", HC_ROUTE_PUBLIC, 0, NULL, hc_api_v_feedback_list_public,
     hc_api_feedback_list_public},
    {"GET", "/api/v1/public/feedback/{code}", HC_ROUTE_PUBLIC, 0, NULL, hc_api_v_feedback_get,
     hc_api_feedback_get_public},
    /* Decision 766/QĐ-TTg service index; the ranking lists the units the
     * caller may read (perm.h: supervisors every unit) */
    {"GET", "/api/v1/index766", HC_ROUTE_PERM, HC_PERM_STATS_READ, NULL, hc_api_v_index766,
     hc_api_index766},
    {"GET", "/api/v1/index766/ranking", HC_ROUTE_PERM, HC_PERM_STATS_READ, NULL,
     hc_api_v_index766_ranking, hc_api_index766_ranking},
    /* the periodic report of a unit as a DOCX or XLSX file */
    {"GET", "/api/v1/reports/periodic", HC_ROUTE_PERM, HC_PERM_STATS_READ, NULL, hc_api_v_report,
     hc_api_report},
    /* Circular 01/2018/TT-VPCP evaluation of a unit, per office or handler */
    {"GET", "/api/v1/evaluation", HC_ROUTE_PERM, HC_PERM_STATS_READ, NULL, hc_api_v_evaluation,
     hc_api_evaluation},
    /* citizens: code + receipt secret */
    {"GET", "/api/v1/public/dossiers/{code}", HC_ROUTE_PUBLIC, 0, NULL, hc_api_v_dossier_public,
     hc_api_dossier_public},
    {"POST", "/api/v1/public/dossiers/{code}/rating", HC_ROUTE_PUBLIC, 0, hc_api_rating_keys,
     hc_api_v_dossier_rate, hc_api_dossier_rate},
};

const hc_route *hc_api_routes(size_t *n)
{
	*n = sizeof routes / sizeof routes[0];
	return routes;
}
