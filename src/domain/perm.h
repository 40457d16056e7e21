/* perm: the one permission module (DESIGN §1, issue: permissions).
 * Owns: the matrix "may this actor do this action on an object of this
 * unit", including tenant scoping. Every HTTP route, CLI command and web page
 * asks here; none holds its own rule. Must not: touch storage.
 *
 * The matrix, one row per role (x = on the actor's own unit only; R = on
 * every unit, read-only, for supervisors):
 *
 *               proc  proc  dos   dos   dos   dos   dos   dos   dos   stats staff unit  audit
 *               read  write read  recv  asgn  proc  decid ext   ret   read  mng   mng   read
 *  reception     x           x     x     x                       x     x
 *  specialist    x           x                 x                       x
 *  head          x           x     x     x     x           x     x     x
 *  leader        x           x           x     x     x     x     x     x
 *  clerk         x           x
 *  supervisor    R           R                                         R                 R
 *  admin         x     x     x                                         x     x     x     x
 *
 * Feedback (PAKN):
 *               fb    fb    fb    fb
 *               read  recv  handl publ
 *  reception     x     x
 *  specialist    x           x
 *  head          x     x     x     x
 *  leader        x           x     x
 *  clerk         x     x
 *  supervisor    R
 *  admin         x
 *  system        every permission on every unit (CLI, imports)
 *
 * stats.read also covers the Decision 766 index of a unit and the ranking
 * (index766.h): the ranking is filtered to the units the actor may read;
 * and the Circular 01/2018 evaluation of a unit (evaluation.h).
 *
 * Reception assigns a received dossier to the deciding office (Decree
 * 61/2018 Art. 16); the leader signs results and refusals (decide); the head
 * of the office or center and the leader may issue the apology (extend).
 * Feedback arrives at the one-stop desk or the clerk's mail (receive), is
 * handled by the specialist, head or leader, and its answer is published
 * by the head or the leader (Decree 20/2008/NĐ-CP on feedback about
 * administrative rules: the agency answers and makes the result public).
 *
 * Refusals are HC_EFORBIDDEN: "Vai trò <label> không được phép <action>"
 * when the role never may, "Không được truy cập dữ liệu của đơn vị khác"
 * when it may on its own unit only. */
#ifndef HC_PERM_H
#define HC_PERM_H

#include <stdint.h>

#include "core/err.h"
#include "domain/actor.h"

enum hc_perm {
	HC_PERM_PROCEDURE_READ,
	HC_PERM_PROCEDURE_WRITE,
	HC_PERM_DOSSIER_READ,    /* read a dossier of the unit */
	HC_PERM_DOSSIER_RECEIVE, /* intake */
	HC_PERM_DOSSIER_ASSIGN,  /* assign / forward to an office or handler */
	HC_PERM_DOSSIER_PROCESS, /* supplement, payment, submit for signature */
	HC_PERM_DOSSIER_DECIDE,  /* resolve (sign) or reject */
	HC_PERM_DOSSIER_EXTEND,  /* extension with apology */
	HC_PERM_DOSSIER_RETURN,  /* return result, withdraw, record rating */
	HC_PERM_STATS_READ,
	HC_PERM_STAFF_MANAGE,
	HC_PERM_UNIT_MANAGE,
	HC_PERM_AUDIT_READ,
	HC_PERM_FEEDBACK_READ,    /* read citizens' feedback (PAKN) of the unit */
	HC_PERM_FEEDBACK_RECEIVE, /* record feedback from the desk, phone, mail; supplements */
	HC_PERM_FEEDBACK_HANDLE,  /* classify, refuse, ask for information, answer */
	HC_PERM_FEEDBACK_PUBLISH, /* publish the answer */
	HC_PERM_COUNT
};

/* object_unit_id of a question about every unit at once (the city
 * overview): only the any-unit grants (supervisors, system) answer yes. */
#define HC_PERM_EVERY_UNIT (-1)

const char *hc_perm_name(enum hc_perm p);

/* HC_OK when allowed. HC_EFORBIDDEN with a Vietnamese reason when the role
 * may not do it, or the object's unit is not the actor's (supervisors and
 * the system actor read every unit). */
int hc_perm_check(const hc_actor *a, enum hc_perm p, int64_t object_unit_id, hc_err *err);

#endif
