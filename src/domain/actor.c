#include "domain/actor.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	const char *label;
} roles[HC_ROLE_COUNT] = {
    [HC_ROLE_RECEPTION] = {"reception", "Cán bộ một cửa"},
    [HC_ROLE_SPECIALIST] = {"specialist", "Chuyên viên"},
    [HC_ROLE_HEAD] = {"head", "Lãnh đạo phòng, Trung tâm"},
    [HC_ROLE_LEADER] = {"leader", "Lãnh đạo UBND"},
    [HC_ROLE_CLERK] = {"clerk", "Văn thư"},
    [HC_ROLE_SUPERVISOR] = {"supervisor", "Cán bộ giám sát"},
    [HC_ROLE_ADMIN] = {"admin", "Quản trị hệ thống"},
    [HC_ROLE_SYSTEM] = {"system", "Hệ thống"},
};

const char *hc_role_name(enum hc_role r)
{
	return (unsigned)r < HC_ROLE_COUNT ? roles[r].name : NULL;
}

const char *hc_role_label(enum hc_role r)
{
	return (unsigned)r < HC_ROLE_COUNT ? roles[r].label : "Không xác định";
}

bool hc_role_parse(const char *s, enum hc_role *out)
{
	for (int i = 0; s && i < HC_ROLE_SYSTEM; i++) {
		if (strcmp(s, roles[i].name) == 0) {
			*out = (enum hc_role)i;
			return true;
		}
	}
	return false;
}

hc_actor hc_actor_system(void)
{
	hc_actor a = {0};
	a.role = HC_ROLE_SYSTEM;
	snprintf(a.username, sizeof a.username, "system");
	snprintf(a.full_name, sizeof a.full_name, "Hệ thống");
	return a;
}
