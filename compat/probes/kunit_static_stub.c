// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_KUNIT_STATIC_STUB: <kunit/static_stub.h>, whose
 * KUNIT_STATIC_STUB_REDIRECT() lets a KUnit test replace a function.
 * e047c5eaa763 ("kunit: Expose 'static stub' API to redirect functions"), v6.3.
 */
#include <kunit/static_stub.h>

int kbm_probe(int x);
int kbm_probe(int x)
{
	KUNIT_STATIC_STUB_REDIRECT(kbm_probe, x);
	return x;
}
