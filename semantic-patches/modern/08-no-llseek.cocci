// SPDX-License-Identifier: GPL-2.0
/// no_llseek is gone: use noop_llseek.
///
/// v6.0, 868941b14441 ("fs: remove no_llseek") made no_llseek a NULL
/// define, and v6.12, cb787f4ac0c2 ("[tree-wide] finally take no_llseek
/// out") removed it; noop_llseek exists since v2.6.35 (ae6afc3f5cf).
/// As asked for by the porting plan, .llseek = no_llseek becomes
/// .llseek = noop_llseek (also in a proc_ops, and in assignments).
///
/// Behaviour changes: no_llseek failed lseek() with -ESPIPE, noop_llseek
/// succeeds and leaves the position alone.  A file opened with
/// nonseekable_open() or stream_open() still gets -ESPIPE either way.  To
/// keep -ESPIPE exactly, run with -D espipe: the initializer is dropped,
/// which on v6.0 and later kernels means "not seekable" (FMODE_LSEEK is
/// only set when there is an .llseek), as the v6.12 tree-wide change did;
/// an assignment stores NULL.
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: no_llseek, noop_llseek, llseek

virtual patch
virtual context
virtual org
virtual report
virtual espipe

@use@
identifier st, v, fld;
symbol no_llseek;
position p;
@@
struct st v = {
	.fld = no_llseek@p,
};

@userun@
expression F;
identifier fld;
symbol no_llseek;
position p;
@@
(
F.fld = no_llseek@p
|
F->fld = no_llseek@p
)

@depends on patch && !espipe && !context && !org && !report@
identifier st, v, fld;
symbol no_llseek, noop_llseek;
@@
struct st v = {
	.fld =
-		no_llseek
+		noop_llseek
	,
};

@depends on patch && !espipe && !context && !org && !report@
expression F;
identifier fld;
symbol no_llseek, noop_llseek;
@@
(
F.fld =
- no_llseek
+ noop_llseek
|
F->fld =
- no_llseek
+ noop_llseek
)

@depends on espipe && !context && !org && !report@
identifier st, v, fld;
symbol no_llseek;
@@
struct st v = {
-	.fld = no_llseek,
};

@depends on espipe && !context && !org && !report@
expression F;
identifier fld;
symbol no_llseek;
@@
(
F.fld =
- no_llseek
+ NULL
|
F->fld =
- no_llseek
+ NULL
)

@depends on context && !patch && !org && !report@
position p = {use.p, userun.p};
symbol no_llseek;
@@
* no_llseek@p

@script:python depends on org@
p << use.p;
@@
coccilib.org.print_todo(p[0], "no_llseek was removed in v6.12 (cb787f4ac0c2); use noop_llseek, or drop the member to keep -ESPIPE")

@script:python depends on report@
p << use.p;
@@
coccilib.report.print_report(p[0], "no_llseek was removed in v6.12 (cb787f4ac0c2); use noop_llseek, or drop the member to keep -ESPIPE")

@script:python depends on report@
p << userun.p;
@@
coccilib.report.print_report(p[0], "no_llseek was removed in v6.12 (cb787f4ac0c2); use noop_llseek, or drop the assignment to keep -ESPIPE")
