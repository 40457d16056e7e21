/* perm: see perm.h, whose opening comment is the matrix this file encodes
 * (own_unit and any_unit below); the two are changed together. */
#include "domain/perm.h"

#include <stdio.h>

#define P(x) (1u << (x))

static const unsigned own_unit[HC_ROLE_COUNT] = {
    [HC_ROLE_RECEPTION] = P(HC_PERM_PROCEDURE_READ) | P(HC_PERM_DOSSIER_READ) |
                          P(HC_PERM_DOSSIER_RECEIVE) | P(HC_PERM_DOSSIER_ASSIGN) |
                          P(HC_PERM_DOSSIER_RETURN) | P(HC_PERM_STATS_READ) |
                          P(HC_PERM_FEEDBACK_READ) | P(HC_PERM_FEEDBACK_RECEIVE),
    [HC_ROLE_SPECIALIST] = P(HC_PERM_PROCEDURE_READ) | P(HC_PERM_DOSSIER_READ) |
                           P(HC_PERM_DOSSIER_PROCESS) | P(HC_PERM_STATS_READ) |
                           P(HC_PERM_FEEDBACK_READ) | P(HC_PERM_FEEDBACK_HANDLE),
    [HC_ROLE_HEAD] =
        P(HC_PERM_PROCEDURE_READ) | P(HC_PERM_DOSSIER_READ) | P(HC_PERM_DOSSIER_RECEIVE) |
        P(HC_PERM_DOSSIER_ASSIGN) | P(HC_PERM_DOSSIER_PROCESS) | P(HC_PERM_DOSSIER_EXTEND) |
        P(HC_PERM_DOSSIER_RETURN) | P(HC_PERM_STATS_READ) | P(HC_PERM_FEEDBACK_READ) |
        P(HC_PERM_FEEDBACK_RECEIVE) | P(HC_PERM_FEEDBACK_HANDLE) | P(HC_PERM_FEEDBACK_PUBLISH),
    [HC_ROLE_LEADER] =
        P(HC_PERM_PROCEDURE_READ) | P(HC_PERM_DOSSIER_READ) | P(HC_PERM_DOSSIER_ASSIGN) |
        P(HC_PERM_DOSSIER_PROCESS) | P(HC_PERM_DOSSIER_DECIDE) | P(HC_PERM_DOSSIER_EXTEND) |
        P(HC_PERM_DOSSIER_RETURN) | P(HC_PERM_STATS_READ) | P(HC_PERM_FEEDBACK_READ) |
        P(HC_PERM_FEEDBACK_HANDLE) | P(HC_PERM_FEEDBACK_PUBLISH),
    [HC_ROLE_CLERK] = P(HC_PERM_PROCEDURE_READ) | P(HC_PERM_DOSSIER_READ) |
                      P(HC_PERM_FEEDBACK_READ) | P(HC_PERM_FEEDBACK_RECEIVE),
    [HC_ROLE_SUPERVISOR] = P(HC_PERM_PROCEDURE_READ) | P(HC_PERM_DOSSIER_READ) |
                           P(HC_PERM_STATS_READ) | P(HC_PERM_AUDIT_READ) | P(HC_PERM_FEEDBACK_READ),
    [HC_ROLE_ADMIN] = P(HC_PERM_PROCEDURE_READ) | P(HC_PERM_PROCEDURE_WRITE) |
                      P(HC_PERM_DOSSIER_READ) | P(HC_PERM_STATS_READ) | P(HC_PERM_STAFF_MANAGE) |
                      P(HC_PERM_UNIT_MANAGE) | P(HC_PERM_AUDIT_READ) | P(HC_PERM_FEEDBACK_READ),
    [HC_ROLE_SYSTEM] = (1u << HC_PERM_COUNT) - 1,
};

/* Grants that also hold on other units. */
static const unsigned any_unit[HC_ROLE_COUNT] = {
    [HC_ROLE_SUPERVISOR] = P(HC_PERM_PROCEDURE_READ) | P(HC_PERM_DOSSIER_READ) |
                           P(HC_PERM_STATS_READ) | P(HC_PERM_AUDIT_READ) | P(HC_PERM_FEEDBACK_READ),
    [HC_ROLE_SYSTEM] = (1u << HC_PERM_COUNT) - 1,
};

static const struct {
	const char *name;
	const char *label;
} perms[HC_PERM_COUNT] = {
    [HC_PERM_PROCEDURE_READ] = {"procedure.read", "xem danh mục thủ tục"},
    [HC_PERM_PROCEDURE_WRITE] = {"procedure.write", "sửa danh mục thủ tục"},
    [HC_PERM_DOSSIER_READ] = {"dossier.read", "xem hồ sơ"},
    [HC_PERM_DOSSIER_RECEIVE] = {"dossier.receive", "tiếp nhận hồ sơ"},
    [HC_PERM_DOSSIER_ASSIGN] = {"dossier.assign", "phân công, chuyển xử lý hồ sơ"},
    [HC_PERM_DOSSIER_PROCESS] = {"dossier.process", "thẩm định, xử lý hồ sơ"},
    [HC_PERM_DOSSIER_DECIDE] = {"dossier.decide", "ký duyệt hoặc từ chối hồ sơ"},
    [HC_PERM_DOSSIER_EXTEND] = {"dossier.extend", "gia hạn hồ sơ"},
    [HC_PERM_DOSSIER_RETURN] = {"dossier.return", "trả kết quả, rút hồ sơ"},
    [HC_PERM_STATS_READ] = {"stats.read", "xem thống kê"},
    [HC_PERM_STAFF_MANAGE] = {"staff.manage", "quản lý cán bộ"},
    [HC_PERM_UNIT_MANAGE] = {"unit.manage", "quản lý đơn vị"},
    [HC_PERM_AUDIT_READ] = {"audit.read", "xem nhật ký hệ thống"},
    [HC_PERM_FEEDBACK_READ] = {"feedback.read", "xem phản ánh, kiến nghị"},
    [HC_PERM_FEEDBACK_RECEIVE] = {"feedback.receive", "tiếp nhận phản ánh, kiến nghị"},
    [HC_PERM_FEEDBACK_HANDLE] = {"feedback.handle", "xử lý, trả lời phản ánh, kiến nghị"},
    [HC_PERM_FEEDBACK_PUBLISH] = {"feedback.publish",
                                  "công khai kết quả xử lý phản ánh, kiến nghị"},
};

const char *hc_perm_name(enum hc_perm p)
{
	return (unsigned)p < HC_PERM_COUNT ? perms[p].name : "unknown";
}

int hc_perm_check(const hc_actor *a, enum hc_perm p, int64_t object_unit_id, hc_err *err)
{
	if (!a || (unsigned)a->role >= HC_ROLE_COUNT || (unsigned)p >= HC_PERM_COUNT)
		return hc_err_set(err, HC_EFORBIDDEN, NULL, "Không có quyền thực hiện",
		                  "invalid actor or permission");
	bool same = object_unit_id == a->unit_id;
	if ((same ? own_unit[a->role] : any_unit[a->role]) & P(p))
		return HC_OK;
	char msg[HC_ERR_MSG_MAX];
	if (!same && (own_unit[a->role] & P(p))) {
		return hc_err_set(err, HC_EFORBIDDEN, NULL,
		                  "Không được truy cập dữ liệu của đơn vị khác",
		                  "%s of unit %lld may not %s on unit %lld", hc_role_name(a->role),
		                  (long long)a->unit_id, perms[p].name, (long long)object_unit_id);
	}
	snprintf(msg, sizeof msg, "Vai trò %s không được phép %s", hc_role_label(a->role),
	         perms[p].label);
	return hc_err_set(err, HC_EFORBIDDEN, NULL, msg, "role %s lacks %s", hc_role_name(a->role),
	                  perms[p].name);
}
