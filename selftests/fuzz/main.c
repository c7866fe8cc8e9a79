// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox-fuzz [-s SEED] [-n MESSAGES] [-t THREADS] [-T SECONDS] [-H PERMILLE] [-N] [-v]
 *
 * Sends MESSAGES requests to the nsbox family from THREADS threads, each
 * with FUZZ_SOCKS sockets of its own (some joined to the events group, some
 * with extended or capped acks), closed and reopened at random, owned
 * sandboxes and all. Each request is one of:
 *  - garbage: a request mutated in one or more ways (gen.c), answered with
 *    an error or nothing, never with a crash;
 *  - cheap valid requests: INFO_GET, SANDBOX_GET (do and dump), SANDBOX_DEL,
 *    the controller's GETFAMILY and GETPOLICY of the family;
 *  - requests that may launch nsbox-helper (PERMILLE per thousand, default
 *    30): SANDBOX_NEW with links, addresses and routes, LINK/ADDR/ROUTE
 *    NEW and DEL, with names from small pools so that threads collide; one
 *    in ten of these is a SANDBOX_NEW from a child process that is killed
 *    while the kernel works on it.
 * Everything that comes back is checked (nl.c). At the end: INFO_GET works,
 * no owned sandbox is left (their sockets are all closed by then), a fresh
 * sandbox can be created, shown, listed and deleted, and every sandbox the
 * run may have left (named FUZZ_PREFIX*, unowned) is deleted.
 *
 * The seed is printed first ("# seed N"): a thread's requests depend only on
 * the seed and the thread's number, so a run replays with -s, exactly so
 * with -t 1 (the answers, and so what follows them, depend on timing when
 * threads race). Output is KTAP diagnostics ("# ..."). Exit status 0 when
 * the family answered everything correctly to the end, 1 when it did not
 * (an anomaly or a failed final check), 2 on bad usage.
 *
 * -T bounds the time spent sending (the final checks still run): a slow
 * kernel (KASAN, TCG) sends fewer requests rather than outlive its test.
 *
 * -N runs in a new network namespace of its own: nothing it does is visible
 * outside, and whatever it leaves dies with the namespace.
 */

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "fuzz.h"

int fuzz_family;
int fuzz_mcgrp;
int fuzz_verbose;
unsigned int fuzz_helper_permille = 30;
static double deadline;		/* -T: no new request after this (0: none) */
static volatile int out_of_time;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

/* anomalies, each different one shown once and counted */
#define DISTINCT_MAX 64
static struct {
	char msg[256];
	unsigned long n;
} distinct[DISTINCT_MAX];
static unsigned int ndistinct, undistinct;

void anomaly(struct fuzz_thread *t, const char *fmt, ...)
{
	char msg[256];
	bool fresh = false;
	unsigned int i;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (t)
		t->st.anomalies++;
	pthread_mutex_lock(&out_lock);
	for (i = 0; i < ndistinct; i++)
		if (!strcmp(distinct[i].msg, msg))
			break;
	if (i < ndistinct) {
		distinct[i].n++;
	} else if (ndistinct < DISTINCT_MAX) {
		snprintf(distinct[ndistinct].msg, sizeof(distinct[0].msg), "%s", msg);
		distinct[ndistinct++].n = 1;
		fresh = true;
	} else {
		undistinct++;
	}
	if (fresh || fuzz_verbose)
		printf("# ANOMALY (thread %d): %s\n", t ? t->id : -1, msg);
	pthread_mutex_unlock(&out_lock);
}

static void anomalies_summary(void)
{
	unsigned int i;

	for (i = 0; i < ndistinct; i++)
		if (distinct[i].n > 1)
			printf("# anomaly seen %lu times: %s\n", distinct[i].n, distinct[i].msg);
	if (undistinct)
		printf("# and %u more anomalies\n", undistinct);
}

void vlog(struct fuzz_thread *t, const char *fmt, ...)
{
	va_list ap;

	if (!fuzz_verbose)
		return;
	pthread_mutex_lock(&out_lock);
	printf("# t%d: ", t ? t->id : -1);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	pthread_mutex_unlock(&out_lock);
}

static const char * const cat_names[CAT_MAX] = { "garbage", "cheap", "helper", "killed" };

/* What a valid request may get, and what its reply must say. */
static void check_valid(struct fuzz_thread *t, struct fsock *s, struct msg *m, int rc)
{
	bool ok = true;

	if (rc == 1)
		return;		/* unanswered: nl_exchange said so, unless it was ENOBUFS */
	if (((struct nlmsghdr *)m->buf)->nlmsg_type == GENL_ID_CTRL)
		return;		/* the controller: a policy dump of a missing op is ENOENT */

	switch (m->cmd) {
	case NSBOX_CMD_INFO_GET:
		ok = !rc && t->last.have && t->last.cmd == NSBOX_CMD_INFO_GET;
		break;
	case NSBOX_CMD_SANDBOX_GET:
		if (m->dump) {
			/* EBUSY: an earlier dump on this socket is not over */
			ok = !rc || rc == -EBUSY;
			break;
		}
		ok = !rc || rc == -ENOENT || rc == -EINVAL || rc == -EBUSY;
		if (!rc && m->name)
			ok = t->last.have && !strcmp(t->last.name, m->name);
		break;
	case NSBOX_CMD_SANDBOX_DEL:
		/* EPERM: owned by another of the fuzzer's sockets */
		ok = !rc || rc == -ENOENT || rc == -EINVAL || rc == -EBUSY || rc == -EPERM;
		if (!rc)
			t->st.deleted++;
		break;
	case NSBOX_CMD_SANDBOX_NEW:
		/* it may fail for many good reasons; success must be whole */
		if (rc)
			break;
		ok = t->last.have && t->last.cmd == NSBOX_CMD_SANDBOX_NEW &&
		     m->name && !strcmp(t->last.name, m->name) &&
		     t->last.state == NSBOX_SANDBOX_STATE_READY;
		t->st.created++;
		if (m->owned)
			s->owned++;
		if (ok && m->name && !strncmp(m->name, "fz", 2)) {
			unsigned int i;

			for (i = 0; i < t->nknown && t->known[i] != m->name; i++)
				;
			if (i == t->nknown) {
				if (t->nknown < sizeof(t->known) / sizeof(t->known[0]))
					t->known[t->nknown++] = m->name;
				else
					t->known[rnd(&t->rng, t->nknown)] = m->name;
			}
		}
		break;
	case NSBOX_CMD_PROG_EXEC:
	case NSBOX_CMD_PROG_RUN:
		if (!rc) {
			ok = t->last.have && t->last.cmd == m->cmd;
			t->st.progs++;
		}
		break;
	default:
		if (!rc)
			t->st.cfg_ok++;
		break;
	}
	if (!ok)
		anomaly(t, "valid request cmd %u%s name %s: %s%s%s", m->cmd, m->dump ? " (dump)" : "",
			m->name ? m->name : "-", rc ? errname(-rc) : "ok",
			t->last.have ? ", reply names " : ", no reply",
			t->last.have ? t->last.name : "");
}

/* A SANDBOX_NEW from a child that is killed while the kernel works on it. */
static void killed_creator(struct fuzz_thread *t)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct msg *m = t->m;
	unsigned int delay;
	pid_t pid;

	gen_new_only(t, 1, NULL);
	delay = rnd(&t->rng, 60000);
	pid = fork();
	if (pid < 0) {
		anomaly(t, "fork: %s", strerror(errno));
		return;
	}
	if (!pid) {
		char buf[8192];
		int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);

		if (fd >= 0 && sendto(fd, m->buf, m->len, 0, (struct sockaddr *)&kernel,
				      sizeof(kernel)) >= 0)
			while (recv(fd, buf, sizeof(buf), 0) > 0)
				;
		_exit(0);
	}
	usleep(delay);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	t->st.kills++;
	t->st.sent++;
	t->st.msgs++;
}

static void *fuzz_thread_main(void *arg)
{
	struct fuzz_thread *t = arg;
	struct rng *r = &t->rng;
	unsigned int i;

	for (i = 0; i < FUZZ_SOCKS; i++)
		t->socks[i].fd = -1;

	while (t->budget) {
		struct fsock *s;
		int cat, rc;

		if (deadline && now() > deadline) {
			out_of_time = 1;
			break;
		}

		/* sockets close at random, those that own sandboxes more often */
		i = rnd(r, FUZZ_SOCKS);
		if (t->socks[i].fd >= 0 && chance(r, t->socks[i].owned ? 40 : 5))
			nl_close(t, &t->socks[i]);

		i = rnd(r, FUZZ_SOCKS);
		s = &t->socks[i];
		if (s->fd < 0) {
			rc = nl_open(t, s, rnd(r, 3) == 0, rnd(r, 4) != 0, rnd(r, 4) == 0);
			if (rc) {
				anomaly(t, "socket: %s", strerror(-rc));
				break;
			}
		}

		cat = rnd(r, 1000);
		if (cat < (int)fuzz_helper_permille)
			cat = rnd(r, 10) ? CAT_HELPER : CAT_KILL;
		else if (cat < (int)fuzz_helper_permille + 150)
			cat = CAT_CHEAP;
		else
			cat = CAT_GARBAGE;
		t->st.by_cat[cat]++;
		t->budget--;

		if (cat == CAT_KILL) {
			killed_creator(t);
			continue;
		}
		gen_request(t, s, cat);
		rc = nl_exchange(t, s, t->m);
		vlog(t, "%s seq %u cmd %u len %u msgs %u%s%s -> %s", cat_names[cat], t->m->seqs[0],
		     t->m->cmd, t->m->len, t->m->nmsgs, t->m->dump ? " dump" : "",
		     t->m->need_barrier ? " barrier" : "",
		     rc == 1 ? "no answer" : rc ? errname(-rc) : "ok");
		if (t->m->valid)
			check_valid(t, s, t->m, rc);
	}
	for (i = 0; i < FUZZ_SOCKS; i++)
		nl_close(t, &t->socks[i]);
	return NULL;
}

/* ---- the end: does the family still answer correctly? ---- */

static int final_req(struct fuzz_thread *t, struct fsock *s, uint8_t cmd, uint16_t flags,
		     const char *name, uint32_t id)
{
	gen_simple(t->m, cmd, flags, ++s->seq, name, id);
	return nl_exchange(t, s, t->m);
}

/* list (collect) this namespace's sandboxes; 0 or -errno */
static int list_all(struct fuzz_thread *t, struct fsock *s)
{
	int rc, tries;

	for (tries = 0; tries < 5; tries++) {
		t->nlisted = 0;
		rc = final_req(t, s, NSBOX_CMD_SANDBOX_GET, NLM_F_DUMP, NULL, 0);
		if (rc != -EBUSY)
			return rc;
	}
	return rc;
}

static bool listed(struct fuzz_thread *t, const char *name, uint32_t *id)
{
	unsigned int i;

	for (i = 0; i < t->nlisted; i++)
		if (!strcmp(t->listed[i].name, name)) {
			if (id)
				*id = t->listed[i].id;
			return true;
		}
	return false;
}

/*
 * What the run left, before anything is swept: the threads are done and
 * have closed every socket, so no owned sandbox may be left. The kernel
 * destroys those when their socket is released (close() returns after
 * that, as does waitpid() for a killed creator): one still listed a
 * moment later outlived its owner. Unowned ones the run created stay
 * legitimately, until the sweep. Prints
 *   # leftovers before the sweep: owned N, unowned M
 * for 40-fuzz.sh, and each owned one; returns N, or -errno if the list
 * failed.
 */
static int leftovers(struct fuzz_thread *t, struct fsock *s)
{
	unsigned int i, owned, unowned, shown;
	int rc, tries;

	for (tries = 0;; tries++) {
		rc = list_all(t, s);
		if (rc) {
			printf("# leftovers before the sweep: the list failed (%s)\n", errname(-rc));
			return rc;
		}
		owned = unowned = 0;
		for (i = 0; i < t->nlisted; i++) {
			if (strncmp(t->listed[i].name, FUZZ_PREFIX, strlen(FUZZ_PREFIX)))
				continue;
			if (t->listed[i].flags & NSBOX_SANDBOX_F_OWNED)
				owned++;
			else
				unowned++;
		}
		/* a second of grace, for what a release might leave to a worker */
		if (!owned || tries >= 10)
			break;
		usleep(100000);
	}
	printf("# leftovers before the sweep: owned %u, unowned %u\n", owned, unowned);
	shown = 0;
	for (i = 0; i < t->nlisted; i++) {
		const struct listed *l = &t->listed[i];

		if (strncmp(l->name, FUZZ_PREFIX, strlen(FUZZ_PREFIX)) ||
		    !(l->flags & NSBOX_SANDBOX_F_OWNED) || shown++ >= 10)
			continue;
		printf("# owned sandbox %s (id %u, state %u, owner port %u) outlived its socket\n",
		       l->name, l->id, l->state, l->owner_portid);
	}
	return owned;
}

#define CHECK(cond, ...)						\
	do {								\
		if (cond) {						\
			printf("# final: ok: " __VA_ARGS__);		\
			printf("\n");					\
		} else {						\
			printf("# final: FAILED: " __VA_ARGS__);	\
			printf("\n");					\
			failed++;					\
		}							\
	} while (0)

static int final_checks(struct fuzz_thread *t)
{
	static const char name[] = FUZZ_PREFIX "-final";
	unsigned int i, left, others;
	struct fsock s;
	uint32_t id = 0, lid = 0;
	int failed = 0, rc, tries;

	rc = nl_open(t, &s, false, true, false);
	if (rc) {
		printf("# final: FAILED: socket: %s\n", strerror(-rc));
		return 1;
	}

	rc = final_req(t, &s, NSBOX_CMD_INFO_GET, 0, NULL, 0);
	CHECK(!rc && t->last.have, "INFO_GET answers (%s)", rc ? errname(-rc) : "ok");

	rc = leftovers(t, &s);
	CHECK(!rc, "no owned sandbox outlived its socket (%d left)", rc);

	final_req(t, &s, NSBOX_CMD_SANDBOX_DEL, 0, name, 0);
	rc = final_req(t, &s, NSBOX_CMD_SANDBOX_NEW, 0, name, 0);
	CHECK(!rc && t->last.have && !strcmp(t->last.name, name) &&
	      t->last.state == NSBOX_SANDBOX_STATE_READY,
	      "a fresh sandbox %s is created, ready (%s)", name, rc ? errname(-rc) : "ok");
	id = t->last.have ? t->last.id : 0;

	rc = final_req(t, &s, NSBOX_CMD_SANDBOX_GET, 0, name, 0);
	CHECK(!rc && t->last.have && t->last.id == id && !strcmp(t->last.name, name),
	      "it is shown by name, with its id %u (%s)", id, rc ? errname(-rc) : "ok");

	rc = list_all(t, &s);
	CHECK(!rc && listed(t, name, &lid) && lid == id, "it is listed (%s, %u sandboxes)",
	      rc ? errname(-rc) : "ok", t->nlisted);

	rc = final_req(t, &s, NSBOX_CMD_SANDBOX_DEL, 0, name, 0);
	CHECK(!rc, "it is deleted (%s)", rc ? errname(-rc) : "ok");
	rc = final_req(t, &s, NSBOX_CMD_SANDBOX_GET, 0, name, 0);
	CHECK(rc == -ENOENT, "and gone: ENOENT (%s)", rc ? errname(-rc) : "ok");

	/* what the run left: every FUZZ_PREFIX* sandbox */
	left = 0;
	for (tries = 0; tries < 20; tries++) {
		rc = list_all(t, &s);
		if (rc)
			break;
		left = 0;
		for (i = 0; i < t->nlisted; i++) {
			if (strncmp(t->listed[i].name, FUZZ_PREFIX, strlen(FUZZ_PREFIX)))
				continue;
			left++;
			/* EBUSY: still being created (by a killed creator) */
			final_req(t, &s, NSBOX_CMD_SANDBOX_DEL, 0, NULL, t->listed[i].id);
		}
		if (!left)
			break;
		if (tries)
			usleep(100000);
	}
	others = 0;
	for (i = 0; i < t->nlisted; i++)
		if (strncmp(t->listed[i].name, FUZZ_PREFIX, strlen(FUZZ_PREFIX)))
			others++;
	CHECK(!rc && !left, "no " FUZZ_PREFIX "* sandbox left after %d rounds of deletion%s",
	      tries, others ? " (others, not ours, left alone)" : "");

	nl_close(t, &s);
	return failed;
}

/* ---- the summary ---- */

static void add_stats(struct stats *a, const struct stats *b)
{
	const uint64_t *pb = (const uint64_t *)b;
	uint64_t *pa = (uint64_t *)a;
	size_t i;

	for (i = 0; i < sizeof(*a) / sizeof(uint64_t); i++)
		pa[i] += pb[i];
}

/* "# sent N of M requests": 40-fuzz.sh reads it, and fails a run cut short */
static void summary(const struct stats *st, unsigned long long asked, double secs)
{
	unsigned int e, c;

	printf("# sent %llu of %llu requests (%llu netlink messages) in %.1f s: %.0f requests/s\n",
	       (unsigned long long)st->sent, asked, (unsigned long long)st->msgs, secs,
	       secs > 0 ? st->sent / secs : 0.0);
	printf("# by kind:");
	for (c = 0; c < CAT_MAX; c++)
		printf(" %s %llu", cat_names[c], (unsigned long long)st->by_cat[c]);
	printf("\n");
	printf("# errors by errno: ok %llu", (unsigned long long)st->ok);
	for (e = 1; e < FUZZ_ERRNO_MAX; e++)
		if (st->errs[e])
			printf(", %s %llu", errname(e), (unsigned long long)st->errs[e]);
	printf("\n");
	printf("# replies %llu (dump parts %llu, interrupted %llu), events %llu, unanswered by design %llu, receive overruns %llu\n",
	       (unsigned long long)st->replies, (unsigned long long)st->dump_parts,
	       (unsigned long long)st->dump_intr, (unsigned long long)st->events,
	       (unsigned long long)st->silent, (unsigned long long)st->enobufs);
	printf("# sandboxes created %llu, deleted %llu, link/addr/route changes %llu, programs started %llu, namespace fds received %llu\n",
	       (unsigned long long)st->created, (unsigned long long)st->deleted,
	       (unsigned long long)st->cfg_ok, (unsigned long long)st->progs,
	       (unsigned long long)st->nsfds);
	printf("# sockets opened %llu, closed %llu (%llu owning sandboxes), creators killed %llu\n",
	       (unsigned long long)st->socks_opened, (unsigned long long)st->socks_closed,
	       (unsigned long long)st->owned_closed, (unsigned long long)st->kills);
	printf("# anomalies %llu\n", (unsigned long long)st->anomalies);
}

/*
 * -G: generate only, and check what the kernel would make of each datagram
 * (the framing of net/netlink/af_netlink.c:netlink_rcv_skb()): only nsbox's,
 * the controller's or control messages, and no SANDBOX_NEW that could
 * succeed under a name without FUZZ_PREFIX. For the fuzzer's own tests.
 */
static int generate_only(unsigned long long seed, unsigned long long n)
{
	struct fuzz_thread t = { .id = 0 };
	struct fsock s = { .fd = -1 };
	unsigned long long i, bad = 0, msgs = 0;

	fuzz_family = 0x20;
	t.m = malloc(sizeof(*t.m));
	if (!t.m)
		return 1;
	t.rng.s = seed * 0x9E3779B97F4A7C15ULL + 0xBF58476D1CE4E5B9ULL;
	t.rng.s |= 1;
	for (i = 0; i < n; i++) {
		int cat = rnd(&t.rng, 3);
		struct msg *m = t.m;
		uint32_t off = 0;

		gen_request(&t, &s, cat == 0 ? CAT_GARBAGE : cat == 1 ? CAT_CHEAP : CAT_HELPER);
		while (off + NLMSG_HDRLEN <= m->len) {
			struct nlmsghdr *nlh = (struct nlmsghdr *)(m->buf + off);
			uint32_t a, end;

			if (nlh->nlmsg_len < NLMSG_HDRLEN || nlh->nlmsg_len > m->len - off)
				break;
			msgs++;
			if (nlh->nlmsg_type != fuzz_family && nlh->nlmsg_type != GENL_ID_CTRL &&
			    nlh->nlmsg_type >= NLMSG_MIN_TYPE) {
				printf("# request %llu: message of type %u at %u\n", i,
				       nlh->nlmsg_type, off);
				if (fuzz_verbose)
					for (a = 0; a < m->len && a < 128; a++)
						printf("%02x%s", m->buf[a], a % 16 == 15 ? "\n" : " ");
				printf("\n");
				bad++;
			}
			end = off + nlh->nlmsg_len;
			if (nlh->nlmsg_type == fuzz_family && nlh->nlmsg_len >= NLMSG_LENGTH(GENL_HDRLEN) &&
			    ((struct genlmsghdr *)NLMSG_DATA(nlh))->cmd == NSBOX_CMD_SANDBOX_NEW) {
				for (a = off + NLMSG_LENGTH(GENL_HDRLEN); a + NLA_HDRLEN <= end;) {
					struct nlattr *nla = (struct nlattr *)(m->buf + a);

					if (nla->nla_len < NLA_HDRLEN || nla->nla_len > end - a)
						break;
					if ((nla->nla_type & NLA_TYPE_MASK) == NSBOX_A_SANDBOX_NAME &&
					    name_kernel_ok((char *)nla + NLA_HDRLEN, nla->nla_len - NLA_HDRLEN) &&
					    strncmp((char *)nla + NLA_HDRLEN, FUZZ_PREFIX, 2)) {
						printf("# request %llu: sandbox name %s\n", i,
						       (char *)nla + NLA_HDRLEN);
						bad++;
					}
					a += NLA_ALIGN(nla->nla_len);
				}
			}
			off += NLMSG_ALIGN(nlh->nlmsg_len);
		}
		if (fuzz_verbose)
			printf("# %llu: cat %d cmd %u len %u msgs %u%s%s\n", i, cat, m->cmd, m->len,
			       m->nmsgs, m->dump ? " dump" : "", m->need_barrier ? " barrier" : "");
	}
	free(t.m);
	printf("# generated %llu requests, %llu messages the kernel would read, %llu bad\n",
	       n, msgs, bad);
	return bad ? 1 : 0;
}

static void usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s [-s SEED] [-n MESSAGES] [-t THREADS] [-T SECONDS] [-H PERMILLE] [-N] [-v]\n"
		"  -s SEED      replay a run (default: from the clock)\n"
		"  -n MESSAGES  requests in all (default 10000)\n"
		"  -t THREADS   threads, each with its own sockets (default 4)\n"
		"  -T SECONDS   send no new request after that long (default: no limit)\n"
		"  -H PERMILLE  requests per thousand that may launch the helper (default 30)\n"
		"  -N           run in a new network namespace\n"
		"  -v           print every request and its answer\n", argv0);
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long long seed = 0, n = 10000;
	double max_secs = 0;
	unsigned int nthreads = 4, i;
	bool have_seed = false, newns = false, gen_only = false;
	struct fuzz_thread *threads, fin = { .id = -1 };
	struct stats total = { 0 };
	pthread_t *tids;
	double start, secs;
	int opt, err, failed = 0;
	char *end;

	while ((opt = getopt(argc, argv, "s:n:t:T:H:NGvh")) != -1) {
		switch (opt) {
		case 's':
			seed = strtoull(optarg, &end, 0);
			if (*end)
				usage(argv[0]);
			have_seed = true;
			break;
		case 'n':
			n = strtoull(optarg, &end, 0);
			if (*end)
				usage(argv[0]);
			break;
		case 't':
			nthreads = strtoul(optarg, &end, 0);
			if (*end || !nthreads || nthreads > 64)
				usage(argv[0]);
			break;
		case 'T':
			max_secs = strtod(optarg, &end);
			if (*end || max_secs < 0)
				usage(argv[0]);
			break;
		case 'H':
			fuzz_helper_permille = strtoul(optarg, &end, 0);
			if (*end || fuzz_helper_permille > 1000)
				usage(argv[0]);
			break;
		case 'N':
			newns = true;
			break;
		case 'G':
			gen_only = true;
			break;
		case 'v':
			fuzz_verbose = 1;
			break;
		default:
			usage(argv[0]);
		}
	}
	if (optind != argc)
		usage(argv[0]);
	if (!have_seed)
		seed = (unsigned long long)time(NULL) ^ ((unsigned long long)getpid() << 32);
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);

	printf("# seed %llu\n", seed);
	if (gen_only)
		return generate_only(seed, n);
	printf("# nsbox-fuzz: %llu requests, %u threads, %u/1000 may launch the helper%s\n",
	       n, nthreads, fuzz_helper_permille, newns ? ", in a new network namespace" : "");
	if (newns && unshare(CLONE_NEWNET)) {
		printf("# unshare(CLONE_NEWNET): %s\n", strerror(errno));
		return 1;
	}
	err = nl_resolve(&fuzz_family, &fuzz_mcgrp);
	if (err) {
		printf("# the nsbox family: %s\n", strerror(-err));
		return 1;
	}
	printf("# family %d, events group %d\n", fuzz_family, fuzz_mcgrp);

	/* buffers for the final checks, and FUZZ_BUSY (see fuzz.h) */
	fin.m = malloc(sizeof(*fin.m));
	fin.rbuf = malloc(FUZZ_RCV_MAX);
	fin.maxlisted = 100000;
	fin.listed = calloc(fin.maxlisted, sizeof(*fin.listed));
	fin.rng.s = seed | 1;
	if (!fin.m || !fin.rbuf || !fin.listed)
		return 1;
	{
		struct fsock s;

		if (nl_open(NULL, &s, false, true, false) == 0) {
			err = final_req(&fin, &s, NSBOX_CMD_SANDBOX_NEW, 0, FUZZ_BUSY, 0);
			printf("# %s: %s\n", FUZZ_BUSY, err ? errname(-err) : "created");
			nl_close(NULL, &s);
		}
	}

	threads = calloc(nthreads, sizeof(*threads));
	tids = calloc(nthreads, sizeof(*tids));
	if (!threads || !tids)
		return 1;
	start = now();
	if (max_secs)
		deadline = start + max_secs;
	for (i = 0; i < nthreads; i++) {
		struct fuzz_thread *t = &threads[i];

		t->id = i;
		/* splitmix64 of the seed and the thread's number: never 0 */
		t->rng.s = seed + 0x9E3779B97F4A7C15ULL * (i + 1);
		t->rng.s = (t->rng.s ^ (t->rng.s >> 30)) * 0xBF58476D1CE4E5B9ULL;
		t->rng.s = (t->rng.s ^ (t->rng.s >> 27)) * 0x94D049BB133111EBULL;
		t->rng.s ^= t->rng.s >> 31;
		t->rng.s |= 1;
		t->budget = n / nthreads + (i < n % nthreads);
		t->m = malloc(sizeof(*t->m));
		t->rbuf = malloc(FUZZ_RCV_MAX);
		if (!t->m || !t->rbuf || pthread_create(&tids[i], NULL, fuzz_thread_main, t)) {
			printf("# cannot start thread %u\n", i);
			return 1;
		}
	}
	for (i = 0; i < nthreads; i++) {
		pthread_join(tids[i], NULL);
		add_stats(&total, &threads[i].st);
	}
	secs = now() - start;

	if (out_of_time)
		printf("# stopped by -T after %.0f s: %llu of %llu requests sent\n", secs,
		       (unsigned long long)total.sent, n);
	summary(&total, n, secs);
	failed = final_checks(&fin);
	if (fin.st.anomalies)
		printf("# final checks: %llu anomalies\n", (unsigned long long)fin.st.anomalies);
	anomalies_summary();
	for (i = 0; i < nthreads; i++) {
		free(threads[i].m);
		free(threads[i].rbuf);
	}
	free(threads);
	free(tids);
	free(fin.m);
	free(fin.rbuf);
	free(fin.listed);
	if (total.anomalies || fin.st.anomalies || failed) {
		printf("# FAILED: the family did not answer correctly (seed %llu)\n", seed);
		return 1;
	}
	printf("# the family answered correctly throughout (seed %llu)\n", seed);
	return 0;
}
