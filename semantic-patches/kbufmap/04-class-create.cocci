// SPDX-License-Identifier: GPL-2.0
/// Create device classes with kbm_class_create(name).
///
/// class_create(THIS_MODULE, name) lost its owner argument in v6.4,
/// 1aaba11da9aa ("driver core: class: remove module * from
/// class_create()"); compat/kbm_chrdev.h's kbm_class_create(name) calls
/// whichever form the kernel has.  Both forms are rewritten.
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: kbufmap, class_create, kbm_class_create

virtual patch
virtual context
virtual org
virtual report

@depends on patch && !context && !org && !report@
expression O, N;
@@
(
- class_create(O, N)
+ kbm_class_create(N)
|
- class_create(N)
+ kbm_class_create(N)
)

@use depends on !patch@
position p;
@@
class_create@p(...)

@depends on context && !patch && !org && !report@
position use.p;
@@
* class_create@p(...)

@script:python depends on report || org@
p << use.p;
@@
coccilib.report.print_report(p[0], "class_create() changed shape in v6.4 (1aaba11da9aa); kbm_class_create(name) builds on every kernel")
