#!/usr/bin/python3
"""The Dask recipe's test and benchmark (`make platform-test`, `make platform-bench`).

    zicha_platform.py test  --zicha build/zicha --data build/platform/data --work build/platform
    zicha_platform.py bench --zicha build/zicha --data build/platform/data --work build/platform

test: the single-process `zicha batch` over all shards and the Dask run over the same shards (a LocalCluster of
2 worker processes) must give the same output, line for line after sorting by id (lines without an id, such as
invalid JSON, by their input position), bad lines included; then a second Dask run in which the worker that
runs one chosen partition kills itself halfway through it must still give exactly one result per input line,
the same ones. Prints "N passed, N failed" and exits non-zero on a failure.

bench: listings/s and MB/s for 1 process, GNU parallel --pipe with 2 jobs and Dask with 1 and 2 workers; peak
memory per worker; where the time goes. Prints a Markdown table, writes WORK/bench.json.
"""
import argparse
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zicha_dask  # noqa: E402

ID_RE = re.compile(rb'\{"id":(null|"(?:[^"\\]|\\.)*"|[^,}]*)')
KILL_SHARD = 7          # one of the shards that hold bad lines (every seventh does)


# --------------------------------------------------------------------------------------------------------------
# Comparison: each output line becomes one bytes record "id \0 position \0 digest"; sorting the records sorts
# by id, and by input position where there is no id; two runs agree when their sorted records are equal.

def record(line, shard, pos):
    m = ID_RE.match(line)
    oid = m.group(1) if m else b"?"
    return b"%s\0%05d:%07d\0%s" % (oid, shard, pos, hashlib.blake2b(line, digest_size=16).digest())


def single_process(zicha, paths, manifest, problems):
    """`zicha batch` over all shards in one stream; checks the contract on the way (one line out per line in,
    the expected ids and errors at the bad lines); returns the records and the run's wall time."""
    bad = {(b["shard"], b["line"]): b for b in manifest["bad"]}
    records, counter = [], 0
    t0 = time.perf_counter()
    cat = subprocess.Popen(["cat", *paths], stdout=subprocess.PIPE)
    proc = subprocess.Popen([zicha, "batch"], stdin=cat.stdout, stdout=subprocess.PIPE)
    cat.stdout.close()
    shards = iter(enumerate(manifest["shards"]))
    s, sh = next(shards)
    pos = 0
    for line in proc.stdout:
        while pos == sh["lines"]:
            s, sh = next(shards, (None, None))
            pos = 0
            if sh is None:
                problems.append("single process: more output lines than input lines")
                break
        if sh is None:
            break
        line = line.rstrip(b"\n")
        m = ID_RE.match(line)
        oid = m.group(1) if m else None
        b = bad.get((sh["name"], pos))
        if b is None:
            want = b'"L%07d"' % counter
            counter += 1
            if oid != want:
                problems.append(f"single process: {sh['name']} line {pos}: id {oid!r}, want {want!r}")
        else:
            want = b"null" if b["id"] is None else b'"%s"' % b["id"].encode()
            err = b["error"]
            if oid != want or (err is not None and err.encode() not in line) or (err is None and b'"findings"' not in line):
                problems.append(f"single process: bad line {b['kind']} at {sh['name']}:{pos}: got {line[:160]!r}")
        records.append(record(line, s, pos))
        pos += 1
    rc_zicha, rc_cat = proc.wait(), cat.wait()
    wall = time.perf_counter() - t0
    total = sum(sh["lines"] for sh in manifest["shards"])
    if rc_zicha or rc_cat:
        problems.append(f"single process: zicha exited {rc_zicha}, cat {rc_cat}")
    if len(records) != total:
        problems.append(f"single process: {len(records)} output lines for {total} input lines")
    records.sort()
    return records, wall


def dask_records(out_dir, manifest, label, problems):
    """Records of a Dask run's per-shard outputs; checks that each shard has exactly one line per input line."""
    records = []
    for s, sh in enumerate(manifest["shards"]):
        path = os.path.join(out_dir, sh["name"])
        if not os.path.exists(path):
            problems.append(f"{label}: no output for {sh['name']}")
            continue
        n = 0
        with open(path, "rb") as f:
            for pos, line in enumerate(f):
                records.append(record(line.rstrip(b"\n"), s, pos))
                n += 1
        if n != sh["lines"]:
            problems.append(f"{label}: {sh['name']}: {n} output lines for {sh['lines']} input lines")
    leftovers = sorted(set(os.listdir(out_dir)) - {sh["name"] for sh in manifest["shards"]})
    if leftovers:
        problems.append(f"{label}: unexpected files in the output: {leftovers[:5]}")
    records.sort()
    return records


def compare(single, dist, label, problems):
    if single == dist:
        return
    for i, (a, b) in enumerate(zip(single, dist)):
        if a != b:
            where = [x.split(b"\0")[:2] for x in (a, b)]
            problems.append(f"{label}: first difference at sorted line {i}: single {where[0]} vs distributed {where[1]}")
            return
    problems.append(f"{label}: {len(dist)} lines, single process {len(single)}")


# --------------------------------------------------------------------------------------------------------------
# The worker kill: the partition function of the second run. On the first attempt at the chosen shard it feeds
# half the lines to zicha (whose output is already flowing into the temporary file) and then SIGKILLs its own
# worker process: no exception, no clean-up, as when a machine dies. The nanny starts a new worker and the
# scheduler re-runs the partition, whose second attempt finds the attempts log and runs normally.

def killing_partition(lines, dest, zicha, zicha_args=()):
    name = os.path.basename(dest)
    log = os.path.join(os.path.dirname(dest) + ".attempts", name)
    first = not os.path.exists(log)
    os.makedirs(os.path.dirname(log), exist_ok=True)
    with open(log, "a") as f:
        f.write(f"start pid {os.getpid()}\n")
    if name == f"shard-{KILL_SHARD:05d}.jsonl" and first:
        lines = list(lines)
        kill_at = len(lines) // 2

        def until_half():
            for i, line in enumerate(lines):
                if i == kill_at:
                    # zicha's output is block-buffered: wait (a little) until some has reached the temporary file,
                    # so the kill leaves a partial output behind, as a real crash would. (Only when chunks of
                    # lines have been fed by now: pipe_partition writes CHUNK_LINES at a time.)
                    partial = f"{dest}.tmp.{os.getpid()}."
                    for _ in range(200 if kill_at >= 2 * zicha_dask.CHUNK_LINES else 0):
                        if any(os.path.getsize(os.path.join(os.path.dirname(dest), t)) > 0
                               for t in os.listdir(os.path.dirname(dest))
                               if os.path.join(os.path.dirname(dest), t).startswith(partial)):
                            break
                        time.sleep(0.05)
                    with open(log, "a") as f:
                        f.write(f"killed pid {os.getpid()} after {i} lines\n")
                    os.kill(os.getpid(), signal.SIGKILL)
                yield line
        return zicha_dask.pipe_partition(until_half(), dest, zicha, zicha_args)
    return zicha_dask.pipe_partition(lines, dest, zicha, zicha_args)


def dask_run(zicha, paths, out_dir, workers, partition_fn=zicha_dask.pipe_partition, threads=1, direct=False):
    """A fresh LocalCluster, one run; returns the stats, the stale temporary files, the workers' usage and the
    wall time of the run alone (cluster start-up measured apart)."""
    shutil.rmtree(out_dir, ignore_errors=True)
    shutil.rmtree(out_dir + ".attempts", ignore_errors=True)
    t0 = time.perf_counter()
    with zicha_dask.local_client(workers, threads) as client:
        client.wait_for_workers(workers)
        # CPU before the run: a worker spends about a second importing dask and distributed, once, not per listing
        before = client.run(zicha_dask.worker_usage)
        me0 = resource.getrusage(resource.RUSAGE_SELF)
        t1 = time.perf_counter()
        stats, stale = zicha_dask.run(paths, out_dir, zicha, client, partition_fn=partition_fn, direct=direct)
        wall = time.perf_counter() - t1
        me1 = resource.getrusage(resource.RUSAGE_SELF)
        usage = client.run(zicha_dask.worker_usage)
    for addr, u in usage.items():
        b = before.get(addr)
        if b and b["pid"] == u["pid"]:
            u["cpu"] -= b["cpu"]
            u["children_cpu"] -= b["children_cpu"]
    return {"stats": stats, "stale": stale, "usage": usage, "wall": wall, "startup": t1 - t0,
            "scheduler_cpu": (me1.ru_utime - me0.ru_utime) + (me1.ru_stime - me0.ru_stime)}


def load(data):
    with open(os.path.join(data, "manifest.json")) as f:
        manifest = json.load(f)
    return manifest, [os.path.join(data, sh["name"]) for sh in manifest["shards"]]


def cmd_test(a):
    manifest, paths = load(a.data)
    total = sum(sh["lines"] for sh in manifest["shards"])
    results = []

    def check(name, problems):
        results.append((name, not problems))
        print(f"{'ok  ' if not problems else 'FAIL'} {name}")
        for p in problems[:10]:
            print(f"     {p}")

    t_all = time.perf_counter()
    problems = []
    single, wall = single_process(a.zicha, paths, manifest, problems)
    print(f"     single process: {total} lines ({manifest['count']} listings + {len(manifest['bad'])} bad lines, "
          f"{manifest['bytes'] / 1e6:.1f} MB) in {wall:.1f} s")
    check("single-process zicha batch: one line out per line in, bad lines answered with their id or null", problems)

    problems = []
    out = os.path.join(a.work, "out-dask")
    r = dask_run(a.zicha, paths, out, 2)
    print(f"     dask, 2 workers: {len(r['stats'])} partitions in {r['wall']:.1f} s (+{r['startup']:.1f} s cluster start)")
    compare(single, dask_records(out, manifest, "dask", problems), "dask", problems)
    check("dask, 2 workers: output equals the single process's, sorted by id, bad lines included", problems)
    shutil.rmtree(out, ignore_errors=True)

    problems = []
    r = dask_run(a.zicha, paths, out, 2, direct=True)
    print(f"     dask --direct, 2 workers: {len(r['stats'])} partitions in {r['wall']:.1f} s")
    compare(single, dask_records(out, manifest, "dask --direct", problems), "dask --direct", problems)
    check("dask --direct (zicha reads each shard file): the same output", problems)
    shutil.rmtree(out, ignore_errors=True)

    problems = []
    out = os.path.join(a.work, "out-dask-kill")
    r = dask_run(a.zicha, paths, out, 2, partition_fn=killing_partition)
    log = os.path.join(out + ".attempts", f"shard-{KILL_SHARD:05d}.jsonl")
    attempts = open(log).read().splitlines() if os.path.exists(log) else []
    killed = [x for x in attempts if x.startswith("killed")]
    print(f"     dask, worker killed: {len(r['stats'])} partitions in {r['wall']:.1f} s; attempts at the shard: "
          f"{'; '.join(attempts)}; removed temporary files of dead attempts: {r['stale']}")
    if len(killed) != 1 or len([x for x in attempts if x.startswith("start")]) < 2:
        problems.append(f"the worker was not killed once and the partition re-run: {attempts}")
    kill_lines = manifest["shards"][KILL_SHARD]["lines"]
    if kill_lines // 2 >= 2 * zicha_dask.CHUNK_LINES and not any(size > 0 for _, size in r["stale"]):
        problems.append("the killed attempt left no partial output: it was not killed in the middle")
    compare(single, dask_records(out, manifest, "dask after kill", problems), "dask after kill", problems)
    check("dask, a worker killed mid-partition: retried, exactly one result per input line, same output", problems)
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(out + ".attempts", ignore_errors=True)

    passed = sum(ok for _, ok in results)
    print(f"platform-test: {time.perf_counter() - t_all:.0f} s")
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


# --------------------------------------------------------------------------------------------------------------
# Benchmark

def descendants_peak(root, peaks):
    """Fold the VmHWM of every live zicha process below root into peaks (pid -> kB)."""
    parent, comm = {}, {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    st = f.read()
            except OSError:
                continue
            # comm is in parentheses and may hold spaces; ppid is the second field after it
            comm[int(d)] = st[st.index("(") + 1:st.rindex(")")]
            parent[int(d)] = int(st[st.rindex(")") + 2:].split()[1])
    for pid, name in comm.items():
        if name != "zicha":
            continue
        p = pid
        while p > 1 and p != root:
            p = parent.get(p, 0)
        if p == root:
            peaks[pid] = max(peaks.get(pid, 0), zicha_dask.vmhwm_kb(pid))


def timed(cmd, stdin=None, stdout=None, shell=False):
    """Run a command; wall time, CPU of its whole process tree (waited-for children) and the peak memory of its
    zicha processes (VmHWM sampled every 20 ms: ru_maxrss would carry a forking parent's peak into the child)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as errf:
        proc = subprocess.Popen(cmd, stdin=stdin, stdout=stdout, shell=shell, stderr=errf)
        peaks = {}
        while proc.poll() is None:
            descendants_peak(os.getpid(), peaks)
            time.sleep(0.02)
        wall = time.perf_counter() - t0
        errf.seek(0)
        err = errf.read().decode(errors="replace")
    if proc.returncode:
        raise SystemExit(f"{cmd} exited {proc.returncode}: {err[-2000:]}")
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall": wall, "cpu": (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime),
            "maxrss_kb": max(peaks.values(), default=0), "stderr_lines": err.count("\n")}


def best(runs):
    return min(runs, key=lambda r: r["wall"])


def shell_row(cmd, infile, outfile, repeat):
    runs = []
    for _ in range(repeat):
        with open(infile, "rb") as fin, open(outfile, "wb") as fout:
            runs.append(timed(cmd, stdin=fin, stdout=fout, shell=isinstance(cmd, str)))
    r = best(runs)
    r["bytes_out"] = os.path.getsize(outfile)
    os.unlink(outfile)
    return r


def dask_row(zicha, paths, out_dir, workers, threads, repeat, direct=False):
    runs = []
    for _ in range(repeat):
        r = dask_run(zicha, paths, out_dir, workers, threads=threads, direct=direct)
        st = r["stats"]
        runs.append({
            "wall": r["wall"], "startup": r["startup"],
            "cpu": sum(u["cpu"] + u["children_cpu"] for u in r["usage"].values()) + r["scheduler_cpu"],
            "scheduler_cpu": r["scheduler_cpu"],
            "zicha_cpu": sum(x["zicha_cpu"] for x in st), "feed_cpu": sum(x["py_cpu"] for x in st),
            "worker_cpu": sum(u["cpu"] for u in r["usage"].values()),
            "worker_vmhwm_kb": max(u["vmhwm_kb"] for u in r["usage"].values()),
            "maxrss_kb": max(x["zicha_peak_kb"] for x in st),
            "bytes_out": sum(x["bytes_out"] for x in st), "partitions": len(st),
        })
        shutil.rmtree(out_dir, ignore_errors=True)
    return best(runs)


def overheads(zicha, paths, work, repeat):
    """Where a partition's time goes besides checking text, measured on the first 4 shards (~100,000 listings):
    starting an engine process, the JSON framing (the same lines with an empty text), writing the output."""
    sample = os.path.join(work, "sample.jsonl")
    empty = os.path.join(work, "sample-empty.jsonl")
    with open(sample, "wb") as f:
        for p in paths[:4]:
            with open(p, "rb") as g:
                f.write(g.read())
    text_re = re.compile(rb'"text":"(?:[^"\\]|\\.)*"')
    with open(sample, "rb") as f, open(empty, "wb") as g:
        for line in f:
            g.write(text_re.sub(b'"text":""', line, count=1))
    lines = sum(1 for _ in open(sample, "rb"))
    # An engine process that checks nothing: exec, loading the built-in rule packs, exit.
    starts = []
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(30):
        t0 = time.perf_counter()
        subprocess.run([zicha, "batch"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True)
        starts.append(time.perf_counter() - t0)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    res = {"lines": lines, "sample_bytes": os.path.getsize(sample), "start_ms": 1000 * sorted(starts)[len(starts) // 2],
           "start_cpu_ms": 1000 * ((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)) / 30}
    for name, src, dst in (("full_devnull", sample, os.devnull), ("empty_devnull", empty, os.devnull),
                           ("full_file", sample, os.path.join(work, "sample.out"))):
        runs = []
        for _ in range(max(repeat, 3)):
            with open(src, "rb") as fin, open(dst, "wb") as fout:
                runs.append(timed([zicha, "batch"], stdin=fin, stdout=fout))
        res[name] = min(r["cpu"] for r in runs)
    os.unlink(os.path.join(work, "sample.out"))
    os.unlink(sample)
    os.unlink(empty)
    return res


def cmd_bench(a):
    manifest, paths = load(a.data)
    lines, mb = sum(sh["lines"] for sh in manifest["shards"]), manifest["bytes"] / 1e6
    allfile = os.path.join(a.work, "all.jsonl")
    with open(allfile, "wb") as f:
        subprocess.run(["cat", *paths], stdout=f, check=True)
    out = os.path.join(a.work, "bench-out.jsonl")
    z = a.zicha
    load0 = os.getloadavg()
    rows = [
        ("1 process: `zicha batch`", shell_row([z, "batch"], allfile, out, a.repeat)),
        ("GNU parallel `--pipe -j2 --block 4M`",
         shell_row(f"parallel --pipe --keep-order -j2 --block 4M {z} batch", allfile, out, a.repeat)),
        ("GNU parallel `--pipe -j2 -N 20000` (the README's line)",
         shell_row(f"parallel --pipe --keep-order -j2 -N 20000 {z} batch", allfile, out, a.repeat)),
        ("Dask, 1 worker (1 zicha at a time)",
         dask_row(z, paths, os.path.join(a.work, "out-bench"), 1, 1, a.repeat)),
        ("Dask, 2 workers (1 zicha each)",
         dask_row(z, paths, os.path.join(a.work, "out-bench"), 2, 1, a.repeat)),
        ("Dask, 2 workers, `--direct` (zicha reads the shard file)",
         dask_row(z, paths, os.path.join(a.work, "out-bench"), 2, 1, a.repeat, direct=True)),
    ]
    os.unlink(allfile)
    ov = overheads(z, paths, a.work, a.repeat)
    load1 = os.getloadavg()

    print(f"{lines:,} lines ({manifest['count']:,} listings + {len(manifest['bad'])} bad lines), {mb:.1f} MB in, "
          f"{len(paths)} shards of ~{mb / len(paths):.1f} MB; best of {a.repeat}; load average {load0[0]:.2f} at the "
          f"start, {load1[0]:.2f} at the end; {os.cpu_count()} cores\n")
    print("| run | wall s | listings/s | MB/s in | CPU s (all processes of the run) | listings per CPU-s | peak memory |")
    print("|---|---|---|---|---|---|---|")
    for name, r in rows:
        mem = f"zicha {r['maxrss_kb'] / 1024:.0f} MB"
        if "worker_vmhwm_kb" in r:
            mem = f"worker {r['worker_vmhwm_kb'] / 1024:.0f} MB + " + mem
        print(f"| {name} | {r['wall']:.2f} | {lines / r['wall']:,.0f} | {mb / r['wall']:.1f} | {r['cpu']:.1f} | "
              f"{lines / r['cpu']:,.0f} | {mem} |")
    one, d2, dd = rows[0][1], rows[4][1], rows[5][1]
    rate, mb_rate = lines / one["cpu"], mb / one["cpu"]         # per core: listings and MB per CPU-second
    print()
    print(f"- per-core rate of the engine (1 process, CPU time): {rate:,.0f} listings/s, {mb_rate:.1f} MB/s "
          f"({1e6 / rate:.1f} us per listing)")
    print(f"- output: {one['bytes_out'] / 1e6:.0f} MB, {one['bytes_out'] / lines:.0f} B per listing "
          f"({one['bytes_out'] / manifest['bytes']:.1f}x the input)")
    print(f"- engine process start (`zicha batch < /dev/null`, median of 30): {ov['start_ms']:.1f} ms wall, "
          f"{ov['start_cpu_ms']:.1f} ms CPU (built-in rule packs loaded, automaton built); {d2['partitions']} "
          f"partitions: {d2['partitions'] * ov['start_cpu_ms'] / 1000:.2f} CPU-s of the engines' {d2['zicha_cpu']:.1f}")
    print(f"- zicha CPU on {ov['lines']:,} listings ({ov['sample_bytes'] / 1e6:.1f} MB), output to /dev/null: "
          f"{ov['full_devnull']:.2f} s; the same lines with an empty text (JSON in, framing, JSON out): "
          f"{ov['empty_devnull']:.2f} s ({100 * ov['empty_devnull'] / ov['full_devnull']:.0f} %); output written to a "
          f"file instead: {ov['full_file']:.2f} s (+{100 * (ov['full_file'] / ov['full_devnull'] - 1):.0f} %)")
    for label, r in (("Dask, 2 workers", d2), ("Dask --direct, 2 workers", dd)):
        print(f"- {label}, CPU: engines {r['zicha_cpu']:.1f} s, worker processes {r['worker_cpu']:.1f} s (in the "
              f"partition tasks' threads {r['feed_cpu']:.1f} s: reading, decoding, joining and encoding the lines, "
              f"writing the pipe; the rest task, result and heartbeat traffic), client and scheduler "
              f"{r['scheduler_cpu']:.1f} s; cluster start {r['startup']:.1f} s wall (not in the run's wall time)")
    # Projection: an engine needs one core; the Dask side (workers, scheduler) needs `over` of a core per engine.
    for label, r in (("read_text", d2), ("--direct", dd)):
        over = (r["worker_cpu"] + r["scheduler_cpu"]) / r["zicha_cpu"]
        per16 = 16 / (1 + over)
        print(f"- projection, {label}: Dask CPU per engine CPU {over:.2f} -> a 16-core node runs ~{per16:.0f} "
              f"engines, ~{per16 * rate:,.0f} listings/s ({per16 * mb_rate:.0f} MB/s); 10 such nodes "
              f"~{10 * per16 * rate:,.0f} listings/s, if storage delivers {10 * per16 * mb_rate:.0f} MB/s in and "
              f"{10 * per16 * mb_rate * one['bytes_out'] / manifest['bytes']:.0f} MB/s out")
    print(f"- partition size for start-up under 1 %: >= {100 * ov['start_cpu_ms'] / 1000 * mb_rate:.0f} MB "
          f"(100 engine starts' worth of checking at the per-core rate)")
    res = {"lines": lines, "mb": mb, "load": [load0, load1], "rows": {n: r for n, r in rows}, "overheads": ov}
    with open(os.path.join(a.work, "bench.json"), "w") as f:
        json.dump(res, f, indent=1)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["test", "bench"])
    ap.add_argument("--zicha", default="build/zicha")
    ap.add_argument("--data", default="build/platform/data")
    ap.add_argument("--work", default="build/platform")
    ap.add_argument("--repeat", type=int, default=2, help="bench: runs of each row, the best is kept")
    a = ap.parse_args()
    a.zicha, a.data, a.work = (os.path.abspath(p) for p in (a.zicha, a.data, a.work))
    sys.exit(cmd_test(a) if a.command == "test" else cmd_bench(a))


if __name__ == "__main__":
    main()
