// SPDX-License-Identifier: GPL-2.0
/// class_create() no longer takes the owning module.
///
/// v6.4, 1aaba11da9aa ("driver core: class: remove module * from
/// class_create()") dropped the struct module * argument (struct class
/// lost its .owner in the same series); class_create(THIS_MODULE, name)
/// becomes class_create(name).
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: class_create, THIS_MODULE

virtual patch
virtual context
virtual org
virtual report

@depends on patch && !context && !org && !report@
expression O, N;
@@
- class_create(O, N)
+ class_create(N)

@old depends on !patch@
expression O, N;
position p;
@@
class_create@p(O, N)

@depends on context && !patch && !org && !report@
expression O, N;
position old.p;
@@
* class_create@p(O, N)

@script:python depends on org@
p << old.p;
@@
coccilib.org.print_todo(p[0], "class_create() takes only the name since v6.4 (1aaba11da9aa)")

@script:python depends on report@
p << old.p;
@@
coccilib.report.print_report(p[0], "class_create() takes only the name since v6.4 (1aaba11da9aa)")
