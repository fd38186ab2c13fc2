#!/usr/bin/python3
"""Check a folder of JSONL shards with `zicha batch` on a Dask cluster.

    examples/dask/zicha_dask.py --zicha build/zicha --workers 2 IN_DIR OUT_DIR

Every IN_DIR/*.jsonl shard is one dask.bag partition (`read_text`, one partition per file). Each partition's lines
go to a `zicha batch` subprocess on stdin and its stdout becomes OUT_DIR/<shard name>: the same stdin -> stdout
contract as Spark's `rdd.pipe` and Hadoop streaming, one output line per non-empty input line, in input order
(a bad line gives `{"id":...,"error":"..."}` and the stream goes on). Output files appear by rename only, so a
partition that Dask re-runs (its worker died, or its result was lost with a worker) replaces its file whole and
never leaves a half or a doubled one.

Use it as a library too: `run(paths, out_dir, zicha, client)` on a Client you already have (a real cluster:
the zicha binary and the shards must be readable at the same paths on every worker).
"""
import argparse
import glob
import itertools
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time

# Lines are handed to the subprocess in chunks: one write syscall per chunk, not per line.
CHUNK_LINES = 4096


def pipe_partition(lines, dest, zicha, zicha_args=()):
    """Feed one partition's lines to `zicha batch` and write its output to dest atomically; return its stats.

    lines: the partition's str lines (with or without their trailing newline). They were decoded with
    errors="surrogateescape", so encoding them back the same way gives the input bytes exactly, invalid UTF-8
    included, and zicha sees what a single-process run would see.
    """
    def feed_lines(proc, stats):
        buf = []
        for line in lines:
            if not line:            # an empty string is no line: nothing to answer
                continue
            buf.append(line if line.endswith("\n") else line + "\n")
            if len(buf) == CHUNK_LINES:
                feed(proc, buf, stats)
        if buf:
            feed(proc, buf, stats)
        proc.stdin.close()
        stats["zicha_peak_kb"] = max(stats["zicha_peak_kb"], vmhwm_kb(proc.pid))
    return run_zicha(subprocess.PIPE, feed_lines, dest, zicha, zicha_args)


def pipe_file(path, dest, zicha, zicha_args=()):
    """The direct variant: zicha reads the shard file itself (its stdin is the file), no Python in the data path.
    Same output as pipe_partition; the task is a path, not lines, so it leaves dask.bag's reader out."""
    def wait(proc, stats):
        # Sample the engine's peak memory from a second thread while this one blocks in wait4 (see vmhwm_kb).
        done = threading.Event()

        def sample():
            while not done.wait(0.05):
                stats["zicha_peak_kb"] = max(stats["zicha_peak_kb"], vmhwm_kb(proc.pid))
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            reap(proc, stats)
        finally:
            done.set()
            sampler.join()
        stats["bytes_in"] = os.path.getsize(path)
    with open(path, "rb") as fin:
        return run_zicha(fin, wait, dest, zicha, zicha_args)


def run_zicha(stdin, drive, dest, zicha, zicha_args):
    """Start `zicha batch` with its stdout into a temporary file next to dest, let drive(proc, stats) feed it (or
    wait for it), then rename the file to dest. Returns the partition's stats."""
    wall0, cpu0 = time.perf_counter(), time.thread_time()
    stats = {"dest": dest, "lines": 0, "bytes_in": 0, "zicha_peak_kb": 0}
    # Unique per attempt: two attempts of one partition never write the same temporary file.
    tmp = f"{dest}.tmp.{os.getpid()}.{threading.get_ident()}"
    with open(tmp, "wb") as out, tempfile.TemporaryFile() as err:
        # stdout goes straight to the file: the worker never copies the output through Python.
        proc = subprocess.Popen([zicha, "batch", *zicha_args], stdin=stdin, stdout=out, stderr=err)
        try:
            drive(proc, stats)
        except BaseException:
            proc.kill()
            os.waitpid(proc.pid, 0)
            os.unlink(tmp)
            raise
        if proc.returncode is None:
            reap(proc, stats)
        if proc.returncode != 0:
            err.seek(0)
            os.unlink(tmp)
            raise RuntimeError(f"zicha batch exited {proc.returncode} on {dest}: "
                               f"{err.read().decode(errors='replace')[:500]}")
        stats["bytes_out"] = out.tell()
    os.replace(tmp, dest)
    stats["wall"] = time.perf_counter() - wall0
    # this thread: reading and decoding the shard (read_text's lines arrive lazily), joining, encoding, writing
    stats["py_cpu"] = time.thread_time() - cpu0
    stats["pid"] = os.getpid()
    return stats


def reap(proc, stats):
    # wait4 instead of proc.wait(): the engine's own CPU time, for the scaling figures. (Not its ru_maxrss:
    # Linux carries the forking worker's peak into the child's; its VmHWM is sampled instead.)
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    stats["zicha_cpu"] = ru.ru_utime + ru.ru_stime


def feed(proc, buf, stats):
    data = "".join(buf).encode("utf-8", "surrogateescape")
    proc.stdin.write(data)
    stats["bytes_in"] += len(data)
    stats["lines"] += len(buf)
    buf.clear()
    stats["zicha_peak_kb"] = max(stats["zicha_peak_kb"], vmhwm_kb(proc.pid))


def vmhwm_kb(pid):
    """Peak resident memory of a live process (0 once it has exited): sampled as the partition is fed, since the
    engine's memory is flat after its first lines and its peak is reached while input still flows."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def worker_usage():
    """Run on each worker (client.run): its own peak memory and CPU, and those of its zicha children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"pid": os.getpid(), "vmhwm_kb": vmhwm_kb(os.getpid()), "cpu": me.ru_utime + me.ru_stime,
            "children_cpu": kids.ru_utime + kids.ru_stime}


def shard_paths(in_dir):
    paths = sorted(glob.glob(os.path.join(in_dir, "*.jsonl")))
    if not paths:
        raise SystemExit(f"no *.jsonl shards in {in_dir}")
    return paths


def one_partition(pairs, out_dir, zicha, zicha_args, partition_fn):
    """map_partitions' function: pairs are (line, shard path), read_text(include_path=True)'s elements; the
    output is named after the shard. An empty shard has nothing to answer and gets no output file."""
    it = iter(pairs)
    first = next(it, None)
    if first is None:
        return []
    dest = os.path.join(out_dir, os.path.basename(first[1]))
    lines = itertools.chain((first[0],), (line for line, _ in it))
    return [partition_fn(lines, dest, zicha, zicha_args)]


def file_partition(path, out_dir, zicha, zicha_args):
    return pipe_file(path, os.path.join(out_dir, os.path.basename(path)), zicha, zicha_args)


def build_bag(paths, out_dir, zicha, zicha_args=(), partition_fn=pipe_partition, direct=False):
    """A bag of per-partition stats; computing it checks every shard (blocksize=None: one partition per file).

    The shard's path comes with each line (include_path) rather than from a second bag of output names: with a
    single input, the bag optimiser fuses reading a shard and piping it into one task, so a partition's lines
    never leave the worker that read them (no pickling, no transfer when the scheduler balances the work).
    """
    import dask.bag as db

    if direct:
        return db.from_sequence(paths, partition_size=1).map(file_partition, out_dir, zicha, tuple(zicha_args))
    # linedelimiter="\n" opens the files with newline="\n": lines end at \n only and a \r stays in the line,
    # so the bytes zicha gets are the file's.
    lines = db.read_text(paths, blocksize=None, encoding="utf-8", errors="surrogateescape", linedelimiter="\n",
                         include_path=True)
    return lines.map_partitions(one_partition, out_dir, zicha, tuple(zicha_args), partition_fn)


def remove_stale_temps(out_dir):
    """Temporary files of attempts whose worker died; returns their (name, size)."""
    stale = []
    for p in glob.glob(os.path.join(out_dir, "*.tmp.*")):
        stale.append((os.path.basename(p), os.path.getsize(p)))
        os.unlink(p)
    return stale


def run(paths, out_dir, zicha, client, zicha_args=(), partition_fn=pipe_partition, retries=2, direct=False):
    """Check every shard on the cluster behind client; returns the per-partition stats and the stale temps."""
    os.makedirs(out_dir, exist_ok=True)
    remove_stale_temps(out_dir)
    # retries covers a partition that raised; a partition whose worker died is re-run by the scheduler
    # (up to distributed.scheduler.allowed-failures times) without counting here.
    bag = build_bag(paths, out_dir, zicha, zicha_args, partition_fn, direct)
    stats = client.compute(bag, retries=retries).result()
    return stats, remove_stale_temps(out_dir)


def local_client(workers, threads=1):
    """A LocalCluster of worker processes (each with a nanny that restarts it if it dies), quiet, its HTTP server on loopback at a free port."""
    import logging
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=workers, threads_per_worker=threads, processes=True,
                           dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
    return Client(cluster)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("in_dir")
    ap.add_argument("out_dir")
    ap.add_argument("--zicha", default="build/zicha")
    ap.add_argument("--workers", type=int, default=2, help="worker processes (LocalCluster)")
    ap.add_argument("--threads", type=int, default=1, help="partitions (zicha processes) at once per worker")
    ap.add_argument("--direct", action="store_true",
                    help="zicha reads each shard file itself instead of lines from dask.bag (no Python in the data path)")
    ap.add_argument("--scheduler", help="address of an existing scheduler instead of a LocalCluster")
    ap.add_argument("zicha_args", nargs="*", help="after --: passed to `zicha batch`, e.g. -- --category food")
    a = ap.parse_args()
    zicha = os.path.abspath(a.zicha)
    paths = [os.path.abspath(p) for p in shard_paths(a.in_dir)]
    out_dir = os.path.abspath(a.out_dir)
    if a.scheduler:
        from distributed import Client
        client = Client(a.scheduler)
    else:
        client = local_client(a.workers, a.threads)
    with client:
        t0 = time.perf_counter()
        stats, _ = run(paths, out_dir, zicha, client, a.zicha_args, direct=a.direct)
        wall = time.perf_counter() - t0
    mb = sum(s["bytes_in"] for s in stats) / 1e6
    print(f"{len(stats)} partitions, {mb:.1f} MB in {wall:.2f} s, {mb / wall:.1f} MB/s -> {out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
