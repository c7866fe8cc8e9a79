// SPDX-License-Identifier: GPL-2.0
/*
 * tsc-khz: the host's TSC rate in kHz, for the debug kernel's guests.
 *
 * That kernel has no ACPI, hence no HPET or PM timer, and under TCG its
 * calibration against the PIT fails as often as not; it then runs on
 * jiffies, which lose ticks under load (a part of the debug tier that
 * reported 2174 s took some 2900 s). QEMU's TCG guest reads the host's TSC
 * (cpu_get_host_ticks), so the host's rate is the guest's: make check-debug
 * hands it over as tsc_early_khz=. Measured against CLOCK_MONOTONIC_RAW over
 * half a second.
 */

#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	struct timespec pause = { 0, 500 * 1000000L };
	double t0 = now(), t1;
	uint64_t c0 = __rdtsc(), c1;

	nanosleep(&pause, NULL);
	c1 = __rdtsc();
	t1 = now();
	printf("%.0f\n", (c1 - c0) / (t1 - t0) / 1000);
	return 0;
}
