#!/usr/bin/env python3
"""Tolk beside the plain-PyTorch peer, back to back on one machine: every figure of the README's
performance table in one run.

Runs, in interleaved rounds so that a noisy neighbour hurts both sides alike:
  training throughput and peak memory  tolk bench train      | baseline.py --mode throughput
  greedy decoding, batch 64            tolk bench decode      | baseline.py --mode decode greedy_cache
  beam 4 decoding, batch 32            tolk bench decode      | baseline.py --mode decode beam
and, with --model, the service: `tolk serve` on that model (cache off) loaded by `tolk bench http`
with 1 and 32 clients (beam 4), against the same model decoding offline in batches of 32.

Prints a table per figure and, last, one JSON line. Python 3 standard library only; the peer needs
Debian's torch (../shared/bench/pytorch/setup.sh). --dry-run prints the commands and runs nothing.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "tolk.jar"))
    ap.add_argument("--data", default=os.path.normpath(os.path.join(ROOT, "..", "shared", "data", "multi30k")),
                    help="Multi30k folder (train.en.gz, train.de.gz, test_2016_flickr.en.gz)")
    ap.add_argument("--peer", default=os.path.normpath(os.path.join(ROOT, "..", "shared", "bench", "pytorch")),
                    help="folder of the peer's baseline.py")
    ap.add_argument("--python", default="/usr/bin/python3", help="the interpreter with Debian's torch")
    ap.add_argument("--model", help="a trained en-de model directory: also measure the service")
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "tolk-compare"))
    ap.add_argument("--rounds", type=int, default=2, help="interleaved rounds of each offline figure")
    ap.add_argument("--train-steps", type=int, default=40)
    ap.add_argument("--port", type=int, default=8097)
    ap.add_argument("--only", nargs="+", choices=["train", "greedy", "beam", "service"],
                    default=["train", "greedy", "beam", "service"])
    ap.add_argument("--dry-run", action="store_true", help="print the commands, run nothing")
    return ap.parse_args(argv)


class Runner:
    """Runs commands (or prints them with --dry-run) and keeps a log of every output."""

    def __init__(self, args):
        self.args = args
        self.log = os.path.join(args.work, "compare.log")

    def run(self, cmd, cwd=None, env=None):
        shown = " ".join(cmd)
        print("$ " + shown, flush=True)
        if self.args.dry_run:
            return ""
        started = time.time()
        done = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
        with open(self.log, "a", encoding="utf-8") as log:
            log.write(f"$ {shown}\n{done.stdout}\n")
        if done.returncode != 0:
            sys.exit(f"failed ({done.returncode}) after {time.time() - started:.0f} s: {shown}\n"
                     + done.stdout[-3000:])
        return done.stdout

    def tolk(self, *args):
        return ["java", "-jar", self.args.jar, *args]

    def peer(self, *args):
        return [self.args.python, os.path.join(self.args.peer, "baseline.py"), "--data", self.args.data,
                "--threads", "2", *args]


def last_json(output, prefix=""):
    """The last line of output that is a JSON object (after prefix); {} for no output (--dry-run)."""
    if not output:
        return {}
    for line in reversed(output.splitlines()):
        line = line.strip()
        if prefix and not line.startswith(prefix):
            continue
        line = line[len(prefix):].strip()
        if line.startswith("{"):
            return json.loads(line)
    raise ValueError("no JSON line" + (" starting " + prefix if prefix else "") + " in:\n" + output[-2000:])


def peer_decode(output, method):
    if not output:
        return {}
    for line in output.splitlines():
        if line.startswith("DECODE "):
            r = json.loads(line[len("DECODE "):])
            if r["method"] == method:
                return r
    raise ValueError(f"no DECODE line for {method} in:\n" + output[-2000:])


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True).stdout.strip() or "unknown"
    return {"cpu": cpu, "cores": os.cpu_count(), "os": platform.platform(), "commit": commit,
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def ratio_rows(rounds, key_tolk, key_peer):
    """Per-round ratios and the medians of both sides and of the ratios."""
    ratios = [r["tolk"][key_tolk] / r["peer"][key_peer] for r in rounds if r["peer"][key_peer]]
    return {
        "tolk": statistics.median(r["tolk"][key_tolk] for r in rounds),
        "peer": statistics.median(r["peer"][key_peer] for r in rounds),
        "ratio_median": statistics.median(ratios) if ratios else None,
        "ratios": [round(x, 3) for x in ratios],
    }


def prepare(runner, a):
    os.makedirs(a.work, exist_ok=True)
    test = os.path.join(a.work, "test.en")
    if not a.dry_run and not os.path.exists(test):
        import gzip
        with gzip.open(os.path.join(a.data, "test_2016_flickr.en.gz"), "rt", encoding="utf-8") as f, \
                open(test, "w", encoding="utf-8") as out:
            out.write(f.read())
    vocab = os.path.join(a.work, "vocab")
    if a.dry_run or not os.path.exists(os.path.join(vocab, "tokenizer.json")):
        # The same 8k joint vocabulary size the peer learns (its own SentencePiece model).
        runner.run(runner.tolk("vocab", "--out", vocab, "--size", "8000",
                               os.path.join(a.data, "train.en.gz"), os.path.join(a.data, "train.de.gz")))
    return test, os.path.join(vocab, "tokenizer.json")


def train_figures(runner, a):
    rounds = []
    for _ in range(a.rounds):
        tolk = last_json(runner.run(runner.tolk(
            "bench", "train", "--preset", "small", "--batch-tokens", "4096", "--steps", str(a.train_steps),
            "--warmup-steps", "5", "--train-source", os.path.join(a.data, "train.en.gz"),
            "--train-target", os.path.join(a.data, "train.de.gz"), "--json")))
        peer = last_json(runner.run(runner.peer(
            "--mode", "throughput", "--steps", str(a.train_steps), "--warmup-steps", "5",
            "--max-tokens", "4096")), "RESULT")
        rounds.append({"tolk": tolk, "peer": peer})
    return rounds


def decode_figures(runner, a, test, vocab, method):
    rounds = []
    batch, beam = ("64", "1") if method == "greedy" else ("32", "4")
    for _ in range(a.rounds):
        tolk = last_json(runner.run(runner.tolk(
            "bench", "decode", "--random-weights", "--preset", "small", "--vocab", vocab, "--source", test,
            "--method", method, "--beam", "4", "--batch-size", batch, "--json")))
        out = runner.run(runner.peer(
            "--mode", "decode", "--methods", "greedy_cache" if method == "greedy" else "beam",
            "--bsz", batch, "--beam", beam))
        peer = peer_decode(out, "greedy_cache" if method == "greedy" else "beam")
        rounds.append({"tolk": tolk, "peer": peer})
    return rounds


def wait_ready(port, seconds=120):
    end = time.time() + seconds
    while time.time() < end:
        try:
            with urllib.request.urlopen(f"http://localhost:{port}/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(1)
    sys.exit(f"the service on port {port} did not become ready in {seconds} s")


def service_figures(runner, a, test):
    models = os.path.join(a.work, "service-models")
    model_id = os.path.basename(os.path.normpath(a.model))
    if not a.dry_run:
        shutil.rmtree(models, ignore_errors=True)
        shutil.copytree(a.model, os.path.join(models, model_id), ignore=shutil.ignore_patterns("checkpoints"))
    serve = runner.tolk("--server.port=" + str(a.port), "--tolk.models-dir=" + models,
                        "--tolk.data-dir=" + os.path.join(a.work, "service-data"),
                        "--tolk.translate.cache-max-chars=0")
    print("$ " + " ".join(serve) + " &", flush=True)
    offline_cmd = runner.tolk("bench", "decode", "--model", os.path.join(models, model_id), "--source", test,
                              "--method", "beam", "--beam", "4", "--batch-size", "32", "--json")
    http_cmd = runner.tolk("bench", "http", "--url", f"http://localhost:{a.port}", "--source", test,
                           "--clients", "1,32", "--beam", "4", "--sentences", "500", "--json")
    if a.dry_run:
        runner.run(http_cmd)
        runner.run(offline_cmd)
        return {}
    with open(os.path.join(a.work, "service.log"), "w", encoding="utf-8") as log:
        server = subprocess.Popen(serve, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_ready(a.port)
        http = last_json(runner.run(http_cmd + ["--server-pid", str(server.pid)]))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(60)
    offline = last_json(runner.run(offline_cmd))
    runs = {r["clients"]: r for r in http["runs"]}
    one, many = runs[1], runs[32]
    return {
        "model": a.model,
        "offline_beam4_batch32_sentences_per_s": offline["sentences_per_s"],
        "clients_32_sentences_per_s": many["sentences_per_s"],
        "clients_32_share_of_offline": many["sentences_per_s"] / offline["sentences_per_s"],
        "clients_1_latency_ms_p50": one["latency_ms_median"],
        "clients_1_latency_ms_p90": one["latency_ms_p90"],
        "clients_32_latency_ms_p50": many["latency_ms_median"],
        "clients_32_latency_ms_p90": many["latency_ms_p90"],
        "clients_32_p90_over_p50": many["latency_ms_p90"] / many["latency_ms_median"],
        "clients_1_server_breakdown": one.get("server_breakdown"),
        "clients_32_server_breakdown": many.get("server_breakdown"),
    }


def main(argv):
    a = parse_args(argv)
    if a.dry_run:
        a.rounds = 1
    runner = Runner(a)
    os.makedirs(a.work, exist_ok=True)
    facts = machine()
    print(f"# {facts['cpu']}, {facts['cores']} cores, commit {facts['commit']}, {facts['date']}", flush=True)
    test, vocab = prepare(runner, a)
    result = {"machine": facts}
    if "train" in a.only:
        result["train_rounds"] = train_figures(runner, a)
    if "greedy" in a.only:
        result["greedy_rounds"] = decode_figures(runner, a, test, vocab, "greedy")
    if "beam" in a.only:
        result["beam_rounds"] = decode_figures(runner, a, test, vocab, "beam")
    if "service" in a.only and a.model:
        result["service"] = service_figures(runner, a, test)
    if a.dry_run:
        return 0
    summary = {"machine": facts}
    print()
    print(f"| figure ({facts['cpu']}, {facts['cores']} cores) | Tolk | peer | ratio (median of rounds) |")
    print("|---|---|---|---|")
    if "train_rounds" in result:
        t = ratio_rows(result["train_rounds"], "tgt_tokens_per_s", "tgt_tokens_per_s")
        m = ratio_rows(result["train_rounds"], "peak_rss_mib", "peak_rss_MiB")
        summary["train_tgt_tokens_per_s"] = t
        summary["train_peak_rss_mib"] = m
        print(f"| training, 4,096-token batches, target tokens/s | {t['tolk']:,.0f} | {t['peer']:,.0f} | "
              f"{t['ratio_median']:.2f}x {t['ratios']} |")
        print(f"| training peak resident memory, MiB | {m['tolk']:,.0f} | {m['peer']:,.0f} | "
              f"{m['ratio_median']:.2f}x |")
    for name, label in (("greedy", "greedy, batch 64"), ("beam", "beam 4, batch 32")):
        if name + "_rounds" in result:
            d = ratio_rows(result[name + "_rounds"], "tgt_tokens_per_s", "tgt_tokens_per_s")
            summary[name + "_tgt_tokens_per_s"] = d
            print(f"| {label}, target tokens/s | {d['tolk']:,.0f} | {d['peer']:,.0f} | "
                  f"{d['ratio_median']:.2f}x {d['ratios']} |")
    if "service" in result:
        s = result["service"]
        summary["service"] = s
        print(f"| service, beam 4, 32 clients: sentences/s over offline batches of 32 | "
              f"{s['clients_32_sentences_per_s']:.1f} / {s['offline_beam4_batch32_sentences_per_s']:.1f} | — | "
              f"{100 * s['clients_32_share_of_offline']:.0f} % |")
        print(f"| service, 1 client, beam 4: latency p50 / p90 ms | {s['clients_1_latency_ms_p50']} / "
              f"{s['clients_1_latency_ms_p90']} | — | — |")
        print(f"| service, 32 clients: latency p90 / p50 ms | {s['clients_32_latency_ms_p90']} / "
              f"{s['clients_32_latency_ms_p50']} | — | {s['clients_32_p90_over_p50']:.2f} |")
    with open(os.path.join(a.work, "compare.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
    print(json.dumps(summary, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
