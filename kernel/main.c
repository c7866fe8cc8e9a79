// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox: kernel-owned network sandboxes.
 *
 * Module entry point: parameters, init and exit. The order of exit is the
 * reverse of init, with one addition: before the family goes away every
 * sandbox is destroyed and every helper in flight is stopped, so that users
 * are told (delete events) and nothing outlives the module's code.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <net/genetlink.h>

#include "nsbox.h"

char *nsbox_helper_path = NSBOX_HELPER_PATH;
module_param_named(helper_path, nsbox_helper_path, charp, 0444);
MODULE_PARM_DESC(helper_path,
		 "Absolute path of nsbox-helper, fixed at load; a root-owned file, no group/world write (default "
		 NSBOX_HELPER_PATH ")");

unsigned int nsbox_helper_timeout_ms = 10000;
module_param_named(helper_timeout_ms, nsbox_helper_timeout_ms, uint, 0644);
MODULE_PARM_DESC(helper_timeout_ms,
		 "Milliseconds a helper may take to create a sandbox before it is killed and the request fails (default 10000)");

unsigned int nsbox_helper_linger_ms = 1000;
module_param_named(helper_linger_ms, nsbox_helper_linger_ms, uint, 0644);
MODULE_PARM_DESC(helper_linger_ms,
		 "Milliseconds the helper serving creates waits for the next one before it exits; 0: it exits when its queue is empty (default 1000)");

bool nsbox_helper_serve = true;
module_param_named(helper_serve, nsbox_helper_serve, bool, 0644);
MODULE_PARM_DESC(helper_serve,
		 "Create plain sandboxes with long-lived helper runs; N: one helper run per create (default Y)");

unsigned int nsbox_helper_servers;
module_param_named(helper_servers, nsbox_helper_servers, uint, 0644);
MODULE_PARM_DESC(helper_servers,
		 "Most helper runs serving creates at once, for concurrent creates; 0: one per online CPU (default 0)");

unsigned int nsbox_max_sandboxes = 65536;
module_param_named(max_sandboxes, nsbox_max_sandboxes, uint, 0644);
MODULE_PARM_DESC(max_sandboxes,
		 "Most sandboxes the module holds at once, in all network namespaces together (default 65536)");

module_param_named(max_programs, nsbox_max_programs, uint, 0644);
MODULE_PARM_DESC(max_programs,
		 "Most programs (exec and run) running at once, module-wide (default 65536)");

static int __init nsbox_init(void)
{
	int err;

	if (nsbox_helper_path[0] != '/') {
		pr_err("helper_path must be absolute: %s\n", nsbox_helper_path);
		return -EINVAL;
	}

	err = nsbox_helper_init();
	if (err)
		return err;

	err = nsbox_cfg_caches_init();
	if (err)
		goto err_helper;

	err = nsbox_sandbox_cache_init();
	if (err)
		goto err_cfg_caches;

	err = nsbox_sandbox_init();
	if (err)
		goto err_sandbox_cache;

	err = nsbox_genl_register();
	if (err)
		goto err_sandbox;

	pr_info("loaded, version %s, helper %s\n", NSBOX_VERSION,
		nsbox_helper_path);
	return 0;

err_sandbox:
	nsbox_sandbox_exit();
err_sandbox_cache:
	nsbox_sandbox_cache_exit();
err_cfg_caches:
	nsbox_cfg_caches_exit();
err_helper:
	nsbox_helper_exit();
	return err;
}

static void __exit nsbox_exit(void)
{
	/*
	 * Refuse new work and stop what runs, while the family still exists
	 * so that the deletions are announced. Requests waiting for a helper
	 * are woken up, so that unregistering the family does not wait for
	 * them.
	 */
	nsbox_helper_shutdown();
	nsbox_sandbox_shutdown();
	nsbox_prog_shutdown();

	nsbox_genl_unregister();
	nsbox_sandbox_exit();
	nsbox_helper_exit();
	/*
	 * Only now is every record freed: a program holds its sandbox until
	 * its end, which nsbox_helper_exit() waited for.
	 */
	nsbox_sandbox_cache_exit();
	nsbox_cfg_caches_exit();
	pr_info("unloaded\n");
}

module_init(nsbox_init);
module_exit(nsbox_exit);

MODULE_DESCRIPTION("nsbox: kernel-owned network sandboxes over generic netlink");
MODULE_AUTHOR("The nsbox developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(NSBOX_VERSION);
MODULE_ALIAS_GENL_FAMILY(NSBOX_GENL_NAME);
