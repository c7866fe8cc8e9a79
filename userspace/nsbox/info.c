// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox info: what the loaded module says about itself.
 */
#include <netlink/genl/genl.h>

#include <linux/nsbox.h>

#include "genl.h"
#include "util.h"

static const struct nla_policy info_policy[NSBOX_A_INFO_MAX + 1] = {
	[NSBOX_A_INFO_MODULE_VERSION]		= { .type = NLA_STRING },
	[NSBOX_A_INFO_FAMILY_VERSION]		= { .type = NLA_U32 },
	[NSBOX_A_INFO_HELPER_PATH]		= { .type = NLA_STRING },
	[NSBOX_A_INFO_HELPER_TIMEOUT_MS]	= { .type = NLA_U32 },
	[NSBOX_A_INFO_MAX_SANDBOXES]		= { .type = NLA_U32 },
	[NSBOX_A_INFO_SANDBOXES]		= { .type = NLA_U32 },
	[NSBOX_A_INFO_HELPERS]			= { .type = NLA_U32 },
	[NSBOX_A_INFO_NAME_MAX]			= { .type = NLA_U32 },
};

static void print_info(struct output *out, struct nlattr *tb[])
{
	open_json_object(out, NULL);
	if (tb[NSBOX_A_INFO_MODULE_VERSION])
		print_string(out, "module_version", "module version %s ",
			     nla_get_string(tb[NSBOX_A_INFO_MODULE_VERSION]));
	if (tb[NSBOX_A_INFO_FAMILY_VERSION])
		print_uint(out, "family_version", "family version %u",
			   nla_get_u32(tb[NSBOX_A_INFO_FAMILY_VERSION]));
	print_text(out, "\n");
	if (tb[NSBOX_A_INFO_HELPER_PATH])
		print_string(out, "helper_path", "helper %s ",
			     nla_get_string(tb[NSBOX_A_INFO_HELPER_PATH]));
	if (tb[NSBOX_A_INFO_HELPER_TIMEOUT_MS])
		print_uint(out, "helper_timeout_ms", "timeout %ums",
			   nla_get_u32(tb[NSBOX_A_INFO_HELPER_TIMEOUT_MS]));
	print_text(out, "\n");
	if (tb[NSBOX_A_INFO_SANDBOXES])
		print_uint(out, "sandboxes", "sandboxes %u",
			   nla_get_u32(tb[NSBOX_A_INFO_SANDBOXES]));
	if (tb[NSBOX_A_INFO_MAX_SANDBOXES])
		print_uint(out, "max_sandboxes", "/%u",
			   nla_get_u32(tb[NSBOX_A_INFO_MAX_SANDBOXES]));
	if (tb[NSBOX_A_INFO_HELPERS])
		print_uint(out, "helpers", " helpers %u",
			   nla_get_u32(tb[NSBOX_A_INFO_HELPERS]));
	if (tb[NSBOX_A_INFO_NAME_MAX])
		print_uint(out, "name_max", " name-max %u",
			   nla_get_u32(tb[NSBOX_A_INFO_NAME_MAX]));
	print_text(out, "\n");
	close_json_object(out);
}

int cmd_info(struct nsbox_ctx *ctx, int argc, char **argv)
{
	struct nlattr *tb[NSBOX_A_INFO_MAX + 1];
	struct nl_msg *msg, *reply;
	int ret = 0;

	if (argc) {
		nsbox_err(ctx, "info: unexpected argument \"%s\"", argv[0]);
		return NSBOX_EXIT_USAGE;
	}
	if (genl_open(ctx))
		return NSBOX_EXIT_FAIL;

	msg = genl_msg(ctx, NSBOX_CMD_INFO_GET, 0);
	if (!msg || genl_do(ctx, msg, &reply))
		return genl_perror(ctx, "info");
	if (!reply) {
		nsbox_err(ctx, "info: no reply from the kernel");
		return NSBOX_EXIT_FAIL;
	}
	if (genlmsg_parse(nlmsg_hdr(reply), 0, tb, NSBOX_A_INFO_MAX, info_policy)) {
		nsbox_err(ctx, "info: malformed reply from the kernel");
		ret = NSBOX_EXIT_FAIL;
	} else {
		print_info(&ctx->out, tb);
	}
	nlmsg_free(reply);
	return ret;
}
