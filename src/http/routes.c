/* THE route table of haicap's HTTP interface. Every entry names its access
 * (public, any signed-in actor, or a permission from perm.h), a validator
 * and a handler; tests/unit/http/test_routes.c walks it. */
#include "http/api.h"
#include "http/api_int.h"
#include "http/web.h"

static const hc_route routes[] = {
    /* operators */
    /* a browser is sent to the web pages, anything else gets the JSON index */
    {"GET", "/", HC_ROUTE_PUBLIC, 0, NULL, hc_api_v_none, hc_web_root, HC_ROUTE_WEB},
    {"GET", "/healthz", HC_ROUTE_PUBLIC, 0, NULL, hc_api_v_none, hc_api_healthz, 0},
    {"GET", "/metrics", HC_ROUTE_PUBLIC, 0, NULL, hc_api_v_none, hc_api_metrics, 0},
    /* sessions */
    {"POST", "/api/v1/sessions", HC_ROUTE_PUBLIC, 0, hc_api_login_keys, hc_api_v_login,
     hc_api_login, 0},
    {"DELETE", "/api/v1/sessions", HC_ROUTE_AUTH, 0, NULL, hc_api_v_none, hc_api_logout, 0},
    /* procedure catalog */
    {"GET", "/api/v1/procedures", HC_ROUTE_PERM, HC_PERM_PROCEDURE_READ, NULL,
     hc_api_v_procedure_list, hc_api_procedure_list, 0},
    {"GET", "/api/v1/procedures/{code}", HC_ROUTE_PERM, HC_PERM_PROCEDURE_READ, NULL,
     hc_api_v_procedure_get, hc_api_procedure_get, 0},
    /* dossiers */
    {"POST", "/api/v1/dossiers", HC_ROUTE_PERM, HC_PERM_DOSSIER_RECEIVE, hc_api_dossier_keys,
     hc_api_v_dossier_create, hc_api_dossier_create, 0},
    {"GET", "/api/v1/dossiers", HC_ROUTE_PERM, HC_PERM_DOSSIER_READ, NULL, hc_api_v_dossier_list,
     hc_api_dossier_list, 0},
    {"GET", "/api/v1/dossiers/{code}", HC_ROUTE_PERM, HC_PERM_DOSSIER_READ, NULL,
     hc_api_v_dossier_get, hc_api_dossier_get, 0},
    /* each action's own permission is checked by the dossier engine */
    {"POST", "/api/v1/dossiers/{code}/actions", HC_ROUTE_PERM, HC_PERM_DOSSIER_READ,
     hc_api_action_keys, hc_api_v_dossier_act, hc_api_dossier_act, 0},
    /* printed forms: {kind} is receipt.pdf, supplement.pdf, ... (forms.h) */
    {"GET", "/api/v1/dossiers/{code}/forms/{kind}", HC_ROUTE_PERM, HC_PERM_DOSSIER_READ, NULL,
     hc_api_v_dossier_form, hc_api_dossier_form, 0},
    /* the files attached to an online dossier (upload.h) */
    {"GET", "/api/v1/dossiers/{code}/files", HC_ROUTE_PERM, HC_PERM_DOSSIER_READ, NULL,
     hc_api_v_dossier_get, hc_api_dossier_files, 0},
    {"GET", "/api/v1/dossiers/{code}/files/{id}", HC_ROUTE_PERM, HC_PERM_DOSSIER_READ, NULL,
     hc_api_v_file, hc_api_dossier_file, 0},
    /* statistics */
    {"GET", "/api/v1/stats/dossiers", HC_ROUTE_PERM, HC_PERM_STATS_READ, NULL, hc_api_v_stats,
     hc_api_stats, 0},
    /* every unit with its ranks: stats.read on every unit (supervisors) */
    {"GET", "/api/v1/stats/units", HC_ROUTE_PERM, HC_PERM_STATS_READ, NULL, hc_api_v_stats_units,
     hc_api_stats_units, 0},
    /* citizens' feedback (PAKN): each action's own permission is checked by
     * the feedback module */
    {"POST", "/api/v1/feedback", HC_ROUTE_PERM, HC_PERM_FEEDBACK_RECEIVE, hc_api_feedback_keys,
     hc_api_v_feedback_submit, hc_api_feedback_submit, 0},
    {"GET", "/api/v1/feedback", HC_ROUTE_PERM, HC_PERM_FEEDBACK_READ, NULL, hc_api_v_feedback_list,
     hc_api_feedback_list, 0},
    {"GET", "/api/v1/feedback/{code}", HC_ROUTE_PERM, HC_PERM_FEEDBACK_READ, NULL,
     hc_api_v_feedback_get, hc_api_feedback_get, 0},
    {"POST", "/api/v1/feedback/{code}/actions", HC_ROUTE_PERM, HC_PERM_FEEDBACK_READ,
     hc_api_feedback_action_keys, hc_api_v_feedback_act, hc_api_feedback_act, 0},
    {"POST", "/api/v1/public/feedback", HC_ROUTE_PUBLIC, 0, hc_api_feedback_public_keys,
     hc_api_v_feedback_submit_public, hc_api_feedback_submit_public, 0},
    {"GET", "/api/v1/public/feedback", HC_ROUTE_PUBLIC, 0, NULL, hc_api_v_feedback_list_public,
     hc_api_feedback_list_public, 0},
    {"GET", "/api/v1/public/feedback/{code}", HC_ROUTE_PUBLIC, 0, NULL, hc_api_v_feedback_get,
     hc_api_feedback_get_public, 0},
    /* Decision 766/QĐ-TTg service index; the ranking lists the units the
     * caller may read (perm.h: supervisors every unit) */
    {"GET", "/api/v1/index766", HC_ROUTE_PERM, HC_PERM_STATS_READ, NULL, hc_api_v_index766,
     hc_api_index766, 0},
    {"GET", "/api/v1/index766/ranking", HC_ROUTE_PERM, HC_PERM_STATS_READ, NULL,
     hc_api_v_index766_ranking, hc_api_index766_ranking, 0},
    /* the periodic report of a unit as a DOCX or XLSX file */
    {"GET", "/api/v1/reports/periodic", HC_ROUTE_PERM, HC_PERM_STATS_READ, NULL, hc_api_v_report,
     hc_api_report, 0},
    /* Circular 01/2018/TT-VPCP evaluation of a unit, per office or handler */
    {"GET", "/api/v1/evaluation", HC_ROUTE_PERM, HC_PERM_STATS_READ, NULL, hc_api_v_evaluation,
     hc_api_evaluation, 0},
    /* citizens: code + receipt secret */
    {"GET", "/api/v1/public/dossiers/{code}", HC_ROUTE_PUBLIC, 0, NULL, hc_api_v_dossier_public,
     hc_api_dossier_public, 0},
    {"POST", "/api/v1/public/dossiers/{code}/rating", HC_ROUTE_PUBLIC, 0, hc_api_rating_keys,
     hc_api_v_dossier_rate, hc_api_dossier_rate, 0},
    /* web pages (HTML, Vietnamese): forms carry the csrf field (web.h) */
    {"GET", "/static/{name}", HC_ROUTE_PUBLIC, 0, NULL, hc_web_v_static, hc_web_static, 0},
    {"GET", "/dang-nhap", HC_ROUTE_PUBLIC, 0, NULL, hc_api_v_none, hc_web_login_page, HC_ROUTE_WEB},
    {"POST", "/dang-nhap", HC_ROUTE_PUBLIC, 0, hc_web_login_keys, hc_web_v_login, hc_web_login,
     HC_ROUTE_WEB},
    {"POST", "/dang-xuat", HC_ROUTE_PUBLIC, 0, hc_web_csrf_keys, hc_api_v_none, hc_web_logout,
     HC_ROUTE_WEB},
    {"GET", "/trang-chu", HC_ROUTE_AUTH, 0, NULL, hc_api_v_none, hc_web_home, HC_ROUTE_WEB},
    {"GET", "/bang-dieu-khien", HC_ROUTE_PERM, HC_PERM_STATS_READ, NULL, hc_web_v_period,
     hc_web_dashboard, HC_ROUTE_WEB},
    /* the periodic report of the caller's unit, the code of /api/v1/reports/periodic */
    {"GET", "/bang-dieu-khien/bao-cao", HC_ROUTE_PERM, HC_PERM_STATS_READ, NULL,
     hc_web_v_dashboard_report, hc_web_dashboard_report, HC_ROUTE_WEB},
    /* stats.read on every unit, checked by the handler (supervisors) */
    {"GET", "/tong-quan", HC_ROUTE_PERM, HC_PERM_STATS_READ, NULL, hc_web_v_period, hc_web_overview,
     HC_ROUTE_WEB},
    {"GET", "/mot-cua", HC_ROUTE_PERM, HC_PERM_DOSSIER_RECEIVE, NULL, hc_web_v_desk, hc_web_desk,
     HC_ROUTE_WEB},
    {"POST", "/mot-cua", HC_ROUTE_PERM, HC_PERM_DOSSIER_RECEIVE, hc_web_desk_keys, hc_api_v_none,
     hc_web_desk_receive, HC_ROUTE_WEB},
    {"GET", "/ho-so", HC_ROUTE_PERM, HC_PERM_DOSSIER_READ, NULL, hc_web_v_dossiers, hc_web_dossiers,
     HC_ROUTE_WEB},
    {"GET", "/ho-so/{code}", HC_ROUTE_PERM, HC_PERM_DOSSIER_READ, NULL, hc_web_v_dossier,
     hc_web_dossier, HC_ROUTE_WEB},
    /* each action's own permission is checked by the dossier engine */
    {"POST", "/ho-so/{code}/thao-tac", HC_ROUTE_PERM, HC_PERM_DOSSIER_READ, hc_web_act_keys,
     hc_web_v_act, hc_web_act, HC_ROUTE_WEB},
    /* a file attached to an online dossier, as a download */
    {"GET", "/ho-so/{code}/tep/{id}", HC_ROUTE_PERM, HC_PERM_DOSSIER_READ, NULL, hc_api_v_file,
     hc_web_dossier_file, HC_ROUTE_WEB},
    /* printed forms (forms.h) as PDF: giay-tiep-nhan, yeu-cau-bo-sung, ... */
    {"GET", "/ho-so/{code}/in/{kind}", HC_ROUTE_PERM, HC_PERM_DOSSIER_READ, NULL, hc_web_v_print,
     hc_web_print, HC_ROUTE_WEB},
    /* the receipt with the lookup secret, right after intake (POST: the
     * secret never sits in an address) */
    {"POST", "/mot-cua/giay-hen", HC_ROUTE_PERM, HC_PERM_DOSSIER_RECEIVE, hc_web_receipt_keys,
     hc_api_v_none, hc_web_receipt_pdf, HC_ROUTE_WEB},
    {"GET", "/hop-thu", HC_ROUTE_PERM, HC_PERM_DOSSIER_READ, NULL, hc_web_v_inbox, hc_web_inbox,
     HC_ROUTE_WEB},
    {"GET", "/thu-tuc", HC_ROUTE_PUBLIC, 0, NULL, hc_web_v_catalog, hc_web_catalog, HC_ROUTE_WEB},
    {"GET", "/thu-tuc/{code}", HC_ROUTE_PUBLIC, 0, NULL, hc_web_v_procedure, hc_web_procedure,
     HC_ROUTE_WEB},
    /* citizens submit online: multipart form with files (router.h HC_ROUTE_UPLOAD) */
    {"GET", "/nop-truc-tuyen/{code}", HC_ROUTE_PUBLIC, 0, NULL, hc_web_v_online, hc_web_online_form,
     HC_ROUTE_WEB},
    {"POST", "/nop-truc-tuyen/{code}", HC_ROUTE_PUBLIC, 0, hc_web_online_keys, hc_web_v_online,
     hc_web_online_submit, HC_ROUTE_WEB | HC_ROUTE_UPLOAD},
    /* a saved draft of it: code and secret in a POST body, never in an address */
    {"GET", "/tiep-tuc-nop", HC_ROUTE_PUBLIC, 0, NULL, hc_api_v_none, hc_web_draft_page,
     HC_ROUTE_WEB},
    {"POST", "/tiep-tuc-nop", HC_ROUTE_PUBLIC, 0, hc_web_draft_keys, hc_api_v_none,
     hc_web_draft_resume, HC_ROUTE_WEB},
    {"GET", "/tra-cuu", HC_ROUTE_PUBLIC, 0, NULL, hc_api_v_none, hc_web_lookup_page, HC_ROUTE_WEB},
    {"POST", "/tra-cuu", HC_ROUTE_PUBLIC, 0, hc_web_lookup_keys, hc_web_v_lookup, hc_web_lookup,
     HC_ROUTE_WEB},
    {"POST", "/tra-cuu/danh-gia", HC_ROUTE_PUBLIC, 0, hc_web_rate_keys, hc_api_v_none, hc_web_rate,
     HC_ROUTE_WEB},
};

const hc_route *hc_api_routes(size_t *n)
{
	*n = sizeof routes / sizeof routes[0];
	return routes;
}
