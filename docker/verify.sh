#!/usr/bin/env bash
# Builds Tolk's image from the real Dockerfile and runs the compose deployment for real (issue 29; README.md,
# "Deploy with docker compose"). From anywhere:
#
#   docker/verify.sh [--keep] [--no-cuda]
#
#   --keep     keep the images it made (and, with a daemon it started, that daemon's data root) instead of removing them
#   --no-cuda  do not try to pull the CUDA base image nor build docker/Dockerfile.cuda
#
# What it does:
#   1. uses the running Docker daemon, or (as root, where none runs) installs docker.io and debootstrap with apt-get
#      where missing and starts its own dockerd (vfs storage, no iptables, no default bridge) with a data root of its
#      own, stopped and deleted at the end;
#   2. where an image a Dockerfile starts FROM cannot be pulled (Docker Hub is out of reach on some machines), builds a
#      stand-in with the same name from Debian packages: debootstrap (minbase, bookworm, from this machine's Debian
#      mirror) imported as a base image, then JDK 17 + Maven (maven:3.9-eclipse-temurin-17), JRE 17 + curl
#      (eclipse-temurin:17-jre) and nginx (nginx:1.27). They trust this host's locally added CA certificates
#      (/usr/local/share/ca-certificates), Java's cacerts included, for registries reached through a TLS proxy;
#   3. builds tolk:cpu from the Dockerfile, unchanged (build network: host, for Maven Central);
#   4. brings docker/compose.yaml up, waits for healthy, and through the published port: uploads a small synthetic
#      corpus, trains a tiny model with POST /train, translates with it, restarts the container and finds job and model
#      again; stops it in the middle of a job and sees the job resume after the next start; checks the process's uid
#      (10001) and that a container with --network none becomes ready;
#   5. runs docker/compose.scale.yaml (two read-only translation replicas, a trainer, nginx): a model the trainer
#      trains is served by both replicas, and requests through nginx reach both;
#   6. builds docker/Dockerfile.cuda only where its CUDA base image can be pulled;
#   7. prints a summary and removes what it made. Exit status: 0 all checks passed, 1 a check failed, 2 bad usage,
#      3 Docker cannot run here (no daemon and not root, apt-get failed, dockerd did not start): nothing was checked.
#
# Environment: TOLK_VERIFY_PORT / TOLK_VERIFY_TRAINER_PORT (host ports, default: 8080 / 8082 when free, else a free
# one), TOLK_VERIFY_WORKDIR (default: /var/tmp), DEBIAN_MIRROR (default: from /etc/apt/sources.list*).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KEEP=0
CUDA=1
for arg in "$@"; do
    case "$arg" in
        --keep) KEEP=1 ;;
        --no-cuda) CUDA=0 ;;
        -h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $arg (options: --keep, --no-cuda)" >&2; exit 2 ;;
    esac
done

STARTED=$(date +%s)
WORK="$(mktemp -d "${TOLK_VERIFY_WORKDIR:-/var/tmp}/tolk-verify.XXXXXX")"
LOGS="$(mktemp -d "${TOLK_VERIFY_WORKDIR:-/var/tmp}/tolk-verify-logs.XXXXXX")" # kept when a check fails
SUITE=bookworm
BASE_IMAGE="tolk-verify/debian:$SUITE"
STAND_IN_LABEL="dev.tolk.verify.stand-in"
DAEMON_PID=""
MADE_IMAGES=()
STAND_INS=()
CHECKS=()
FAILED=0
FACTS=()
COMPOSE=()
PROJECT=""
RNW_CONTAINER=""

log() { printf '[verify %s] %s\n' "$(date +%T)" "$*"; }
warn() { printf '[verify %s] WARNING: %s\n' "$(date +%T)" "$*" >&2; }
fact() { FACTS+=("$1|$2"); log "$1: $2"; }
# check NAME STATUS [DETAIL]: STATUS is PASS, FAIL or SKIP.
check() {
    CHECKS+=("$2|$1|${3:-}")
    [ "$2" = FAIL ] && FAILED=1
    log "$2 $1${3:+ ($3)}"
}
seconds_since() { echo $(($(date +%s) - $1)); }

# ---- 1. the Docker daemon -------------------------------------------------------------------------------------------

environment_fails() {
    echo "[verify] CANNOT RUN DOCKER HERE: $*" >&2
    echo "[verify] nothing was checked; logs in $LOGS" >&2
    FAILED=1
    exit 3
}

apt_install() { # packages...
    log "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "$@" \
        >"$LOGS/apt-get.log" 2>&1 \
        || { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update >>"$LOGS/apt-get.log" 2>&1 \
            && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends \
                "$@" >>"$LOGS/apt-get.log" 2>&1; }
}

need_command() { # command package
    command -v "$1" >/dev/null 2>&1 && return 0
    [ "$(id -u)" = 0 ] || environment_fails "$1 is missing (package $2) and this is not root"
    apt_install "$2" || environment_fails "apt-get install $2 failed: $(tail -3 "$LOGS/apt-get.log")"
}

start_daemon() {
    if docker info >/dev/null 2>&1; then
        log "using the running Docker daemon ($(docker info --format '{{.ServerVersion}}, storage {{.Driver}}'))"
        return
    fi
    [ "$(id -u)" = 0 ] || environment_fails "no Docker daemon answers and this is not root, so none can be started"
    need_command dockerd docker.io
    need_command docker docker.io
    local sock="$WORK/docker.sock"
    log "no Docker daemon answers: starting dockerd (vfs, --iptables=false, --bridge=none, data root $WORK/docker)"
    dockerd --storage-driver vfs --iptables=false --bridge=none \
        --data-root "$WORK/docker" --exec-root "$WORK/exec" --pidfile "$WORK/dockerd.pid" \
        -H "unix://$sock" >"$LOGS/dockerd.log" 2>&1 &
    DAEMON_PID=$!
    export DOCKER_HOST="unix://$sock"
    for _ in $(seq 1 60); do
        docker info >/dev/null 2>&1 && break
        kill -0 "$DAEMON_PID" 2>/dev/null || break
        sleep 1
    done
    if ! docker info >/dev/null 2>&1; then
        tail -5 "$LOGS/dockerd.log" >&2
        stop_daemon
        environment_fails "dockerd did not start (log above)"
    fi
    log "dockerd $(docker info --format '{{.ServerVersion}}') runs (pid $DAEMON_PID)"
}

stop_daemon() {
    [ -n "$DAEMON_PID" ] || return 0
    log "stopping the dockerd this script started (pid $DAEMON_PID)"
    kill "$DAEMON_PID" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$DAEMON_PID" 2>/dev/null || break; sleep 1; done
    kill -9 "$DAEMON_PID" 2>/dev/null
}

choose_compose() {
    if docker compose version >/dev/null 2>&1; then
        COMPOSE=(docker compose)
    else
        if ! command -v docker-compose >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
            apt_install docker-compose || warn "apt-get install docker-compose failed"
        fi
        command -v docker-compose >/dev/null 2>&1 || environment_fails "neither docker compose (v2) nor docker-compose"
        COMPOSE=(docker-compose)
    fi
    fact "compose" "$("${COMPOSE[@]}" version 2>/dev/null | head -1)"
}

# ---- 2. base images: pulled, or stand-ins from Debian packages ----------------------------------------------------

# The Debian mirror this machine's apt uses (one-line and deb822 sources), for debootstrap and the stand-ins' apt.
debian_mirror() { # suite-suffix ("" or "-security")
    local suffix="$1" files=()
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] && files+=("$f")
    done
    [ "${#files[@]}" -gt 0 ] || return 1
    {
        # deb URI SUITE ... (options in [...] skipped)
        awk -v want="$suffix" '$1 == "deb" {
            i = 2; if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
            uri = $(i); suite = $(i + 1)
            if ((want == "" && suite ~ /^[a-z]+$/) || (want != "" && suite ~ want "$")) print uri
        }' "${files[@]}" 2>/dev/null
        # deb822 stanzas: Types: deb / URIs: / Suites:
        awk -v want="$suffix" 'BEGIN { RS = ""; FS = "\n" }
            { types = ""; uris = ""; suites = ""
              for (i = 1; i <= NF; i++) {
                if ($i ~ /^Types:/) types = $i; else if ($i ~ /^URIs:/) uris = $i; else if ($i ~ /^Suites:/) suites = $i }
              if (types !~ /(^|[ :])deb( |$)/) next
              n = split(suites, s, /[ \t]+/); ok = 0
              for (j = 2; j <= n; j++) if ((want == "" && s[j] ~ /^[a-z]+$/) || (want != "" && s[j] ~ want "$")) ok = 1
              if (ok) { split(uris, u, /[ \t]+/); print u[2] } }' "${files[@]}" 2>/dev/null
    } | grep -E '^https?://' | head -1
}

base_image() {
    docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 && return 0
    need_command debootstrap debootstrap
    local mirror security rootfs="$WORK/rootfs"
    mirror="${DEBIAN_MIRROR:-$(debian_mirror "")}"
    mirror="${mirror:-http://deb.debian.org/debian}"
    security="$(debian_mirror "-security")"
    log "debootstrap --variant=minbase $SUITE from $mirror (once per run; cached as $BASE_IMAGE)"
    local t0; t0=$(date +%s)
    if ! debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" >"$LOGS/debootstrap.log" 2>&1; then
        tail -5 "$LOGS/debootstrap.log" >&2
        return 1
    fi
    {
        echo "deb $mirror $SUITE main"
        echo "deb $mirror $SUITE-updates main"
        [ -n "$security" ] && echo "deb $security $SUITE-security main"
    } >"$rootfs/etc/apt/sources.list"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    # The host's locally added CA certificates (those update-ca-certificates reads): the stand-ins trust them.
    mkdir -p "$rootfs/usr/local/share/ca-certificates"
    find /usr/local/share/ca-certificates -name '*.crt' -type f -exec cp {} "$rootfs/usr/local/share/ca-certificates/" \; \
        2>/dev/null
    tar -C "$rootfs" -c . | docker import -c 'CMD ["bash"]' -c "LABEL $STAND_IN_LABEL=base" - "$BASE_IMAGE" \
        >/dev/null || return 1
    rm -rf "$rootfs"
    MADE_IMAGES+=("$BASE_IMAGE")
    log "base image $BASE_IMAGE imported ($(seconds_since "$t0") s)"
}

# Debian packages of each stand-in, and what else its one RUN layer does.
stand_in_dockerfile() { # image
    local packages extra="" config=""
    case "$1" in
        maven:*) packages="openjdk-17-jdk-headless maven" ;;
        eclipse-temurin:*) packages="openjdk-17-jre-headless curl" ;;
        nginx:*)
            packages="nginx-light"
            extra='rm -f /etc/nginx/sites-enabled/default; ln -sf /dev/stdout /var/log/nginx/access.log; ln -sf /dev/stderr /var/log/nginx/error.log;'
            config=$'STOPSIGNAL SIGQUIT\nCMD ["nginx", "-g", "daemon off;"]'
            ;;
        *) return 1 ;;
    esac
    # Java's cacerts must hold the local CA certificates too (ca-certificates-java imports /etc/ssl/certs when
    # update-ca-certificates runs after the JRE is installed); checked with keytool, or the build fails here.
    cat <<EOF
FROM $BASE_IMAGE
LABEL $STAND_IN_LABEL="$1"
RUN set -eu; apt-get update; \\
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates $packages; \\
    update-ca-certificates; \\
    if command -v keytool >/dev/null; then \\
      for c in /usr/local/share/ca-certificates/*.crt; do [ -e "\$c" ] || continue; \\
        keytool -list -cacerts -storepass changeit -alias "debian:\$(basename "\$c" .crt).pem" >/dev/null \\
          || { echo "Java's cacerts lacks \$c" >&2; exit 1; }; done; fi; \\
    $extra \\
    rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb
$config
EOF
}

ensure_image() { # image
    local image="$1"
    if docker image inspect "$image" >/dev/null 2>&1; then
        if [ -n "$(docker image inspect -f "{{index .Config.Labels \"$STAND_IN_LABEL\"}}" "$image" 2>/dev/null)" ]; then
            STAND_INS+=("$image (already here from an earlier --keep run)")
        fi
        return 0
    fi
    log "pulling $image"
    if timeout 300 docker pull "$image" >"$LOGS/pull-${image//[\/:]/_}.log" 2>&1; then
        MADE_IMAGES+=("$image")
        return 0
    fi
    warn "cannot pull $image ($(tail -1 "$LOGS/pull-${image//[\/:]/_}.log")): building a STAND-IN from Debian packages"
    base_image || { warn "no base image for the stand-ins"; return 1; }
    local t0; t0=$(date +%s)
    stand_in_dockerfile "$image" >"$WORK/stand-in.Dockerfile" || return 1
    mkdir -p "$WORK/empty"
    if ! docker build --network host -t "$image" -f "$WORK/stand-in.Dockerfile" "$WORK/empty" \
        >"$LOGS/stand-in-${image//[\/:]/_}.log" 2>&1; then
        tail -15 "$LOGS/stand-in-${image//[\/:]/_}.log" >&2
        return 1
    fi
    MADE_IMAGES+=("$image")
    STAND_INS+=("$image")
    log "stand-in $image built ($(seconds_since "$t0") s)"
}

# ---- helpers for the service ----------------------------------------------------------------------------------------

free_port() { # preferred
    local port="$1"
    while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    echo "$port"
}

ADMIN_KEY="verify-admin-$RANDOM$RANDOM"
USER_KEY="verify-user-$RANDOM$RANDOM"
api() { # METHOD PATH [curl args...] -> body on stdout, status in $WORK/status
    local method="$1" path="$2"; shift 2
    curl -sS -X "$method" -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer $ADMIN_KEY" \
        --max-time 120 "$@" "http://127.0.0.1:$PORT$path" >"$WORK/status" 2>>"$LOGS/curl.log" || echo 000 >"$WORK/status"
    cat "$WORK/body" 2>/dev/null
    rm -f "$WORK/body"
}
status() { cat "$WORK/status"; }
json() { api "$1" "$2" -H 'Content-Type: application/json' ${3:+-d "$3"}; }

compose() { (cd "$ROOT" && "${COMPOSE[@]}" -f "docker/$COMPOSE_FILE" "$@"); }

# Seconds until readiness answers UP on the published port; empty on timeout.
wait_ready() { # timeout-seconds
    local t0; t0=$(date +%s)
    while [ "$(seconds_since "$t0")" -lt "$1" ]; do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/actuator/health/readiness")" = 200 ]; then
            seconds_since "$t0"
            return 0
        fi
        sleep 1
    done
    return 1
}

# Waits until every container of a compose service is "healthy" (Docker's HEALTHCHECK, every 30 s).
wait_healthy() { # service timeout-seconds
    local t0 ids id all; t0=$(date +%s)
    while [ "$(seconds_since "$t0")" -lt "$2" ]; do
        ids="$(compose ps -q "$1" 2>/dev/null)"
        all=1
        [ -n "$ids" ] || all=0
        for id in $ids; do
            [ "$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$id" 2>/dev/null)" = healthy ] || all=0
        done
        [ "$all" = 1 ] && { seconds_since "$t0"; return 0; }
        sleep 2
    done
    return 1
}

job_field() { jq -r "$2" <<<"$1" 2>/dev/null; }

# Polls GET /train/ID until jq FILTER prints true, or the job fails, or the timeout passes; prints the last record.
wait_job() { # id filter timeout-seconds
    local t0 job; t0=$(date +%s)
    while :; do
        job="$(api GET "/train/$1")"
        if [ "$(status)" = 200 ]; then
            [ "$(job_field "$job" "$2")" = true ] && { echo "$job"; return 0; }
            [ "$(job_field "$job" .state)" = FAILED ] && { echo "$job"; return 1; }
        fi
        [ "$(seconds_since "$t0")" -lt "$3" ] || { echo "$job"; return 1; }
        sleep 2
    done
}

# The toy task of src/test/java/dev/tolk/testing/TinyModels.java: source words wN become target words z(19-N).
toy_corpus() { # pairs seed
    awk -v n="$1" -v seed="$2" 'BEGIN { srand(seed)
        for (i = 0; i < n; i++) { k = 2 + int(rand() * 5); s = ""; t = ""
            for (j = 0; j < k; j++) { w = int(rand() * 20); s = s (j ? " " : "") "w" w; t = t (j ? " " : "") "z" (19 - w) }
            print s "\t" t } }'
}
toy_answer() { awk '{ for (i = 1; i <= NF; i++) printf "%s%s", (i > 1 ? " " : ""), "z" (19 - substr($i, 2)); print "" }' <<<"$1"; }

# TinyModels.trainAccurate's settings: 600 updates without dropout learn the toy task.
tiny_job() { # dataset steps
    printf '{"dataset":"%s","sourceLang":"en","targetLang":"de","preset":"tiny","vocabSize":300,"dropout":0,"maxSteps":%s,"maxEpochs":1000,"batchTokens":512,"learningRate":0.003,"warmupSteps":30,"evalEverySteps":%s,"logEverySteps":10,"averageLast":0,"patience":100,"seed":3,"finalBeamSize":1}' \
        "$1" "$2" "$(($2 < 600 ? $2 : 600))"
}

upload_corpus() { # file -> dataset id
    local body
    body="$(api POST /datasets -F "file=@$1" -F sourceLang=en -F targetLang=de -F name=toy)"
    [ "$(status)" = 201 ] || { warn "POST /datasets: $(status) $body"; return 1; }
    job_field "$body" .id
}

start_job() { # json -> job id
    local body
    body="$(json POST /train "$1")"
    [ "$(status)" = 202 ] || { warn "POST /train: $(status) $body"; return 1; }
    job_field "$body" .id
}

TEST_SENTENCES='["w1 w2","w3 w4 w5","w10 w0 w19","w7 w7 w12 w6"]'
translations_correct() { # body -> "k of n"
    local ok=0 n=0 src want got i
    for i in 0 1 2 3; do
        src="$(jq -r ".[$i]" <<<"$TEST_SENTENCES")"
        want="$(toy_answer "$src")"
        got="$(jq -r ".translations[$i].text" <<<"$1" 2>/dev/null)"
        n=$((n + 1))
        [ "$got" = "$want" ] && ok=$((ok + 1))
    done
    echo "$ok of $n"
}

# ---- cleanup --------------------------------------------------------------------------------------------------------

cleanup() {
    set +e
    log "cleaning up"
    if [ "${#COMPOSE[@]}" -gt 0 ] && [ -n "$PROJECT" ]; then
        for f in compose.scale.yaml compose.yaml; do
            COMPOSE_FILE=$f compose down -v --remove-orphans >>"$LOGS/compose-down.log" 2>&1
        done
    fi
    [ -n "$RNW_CONTAINER" ] && docker rm -f "$RNW_CONTAINER" >/dev/null 2>&1
    if [ "$KEEP" = 1 ]; then
        log "--keep: images kept: tolk:cpu ${MADE_IMAGES[*]}"
    elif [ -z "$DAEMON_PID" ]; then
        # A daemon of the host's: remove the images this run made (not a tolk:cpu that was there before).
        local image
        for image in tolk:cuda tolk:cpu "${MADE_IMAGES[@]}"; do
            [ "$image" = tolk:cpu ] && [ "$TOLK_CPU_EXISTED" = 1 ] && continue
            [ "$image" = tolk:cuda ] && [ "$CUDA_BUILT" = 0 ] && continue
            docker rmi -f "$image" >/dev/null 2>&1
        done
    fi
    if [ -n "$DAEMON_PID" ]; then
        stop_daemon
        if [ "$KEEP" = 1 ]; then
            log "--keep: the data root of the daemon this script started stays in $WORK/docker; start it again with"
            log "  dockerd --storage-driver vfs --iptables=false --bridge=none --data-root $WORK/docker -H unix://$WORK/docker.sock &"
        fi
    fi
    # The images and containers of a daemon this script started go with its data root.
    if [ "$KEEP" = 0 ]; then
        # dockerd leaves its exec root's network namespace mounted (netns/default).
        awk -v d="$WORK/" 'index($2, d) == 1 { print $2 }' /proc/mounts 2>/dev/null | sort -r \
            | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m"; done
        log "removing $WORK (with vfs every image layer is a full copy: a minute or more)"
        rm -rf "$WORK"
    fi
    log "cleaned up"
    if [ "$FAILED" = 0 ]; then
        rm -rf "$LOGS"
    else
        log "logs kept in $LOGS"
    fi
}
TOLK_CPU_EXISTED=0
CUDA_BUILT=0
on_exit() {
    local rc=$?
    trap - EXIT INT TERM
    cleanup
    exit "$rc"
}
trap on_exit EXIT
trap 'warn "interrupted"; exit 130' INT TERM

# ---- run ------------------------------------------------------------------------------------------------------------

need_command curl curl
need_command jq jq
need_command docker docker.io
start_daemon
choose_compose
fact "docker engine" "$(docker info --format '{{.ServerVersion}}, storage driver {{.Driver}}')"
docker image inspect tolk:cpu >/dev/null 2>&1 && TOLK_CPU_EXISTED=1

# Project name: docker/.env's (tolk) unless containers or volumes of that project exist already on this daemon.
unset COMPOSE_PROJECT_NAME
PROJECT="$(sed -n 's/^COMPOSE_PROJECT_NAME=//p' "$ROOT/docker/.env")"
if [ -n "$(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT")$(docker volume ls -q --filter "label=com.docker.compose.project=$PROJECT")" ]; then
    PROJECT="tolk-verify-$$"
    export COMPOSE_PROJECT_NAME="$PROJECT"
    warn "project $PROJECT: containers or volumes of docker/.env's project exist here, and are left alone"
fi
PORT="${TOLK_VERIFY_PORT:-$(free_port 8080)}"
TRAINER_PORT="${TOLK_VERIFY_TRAINER_PORT:-$(free_port 8082)}"
[ "$TRAINER_PORT" = "$PORT" ] && TRAINER_PORT="$(free_port $((PORT + 1)))"
export TOLK_PORT="$PORT" TOLK_TRAINER_PORT="$TRAINER_PORT"
export TOLK_SECURITY_API_KEYS="$ADMIN_KEY:admin,$USER_KEY"
export TOLK_SECURITY_REQUESTS_PER_MINUTE=0 # the script polls jobs more often than 60 times a minute
# With vfs, creating a container copies its image (1.2 GB): docker-compose 1.29's default 60 s read timeout is too
# short for two replicas at once on a busy disk.
export COMPOSE_HTTP_TIMEOUT=600
log "project $PROJECT, published ports $PORT (service, load balancer) and $TRAINER_PORT (trainer); work dir $WORK"

# 2. + 3. base images and the CPU image
for image in $(awk 'toupper($1) == "FROM" { print $2 }' "$ROOT/Dockerfile" | sort -u); do
    ensure_image "$image" || { check "base image $image" FAIL "neither pulled nor stand-in built"; exit 1; }
done
log "building tolk:cpu from the Dockerfile (docker build --network host)"
t0=$(date +%s)
if ! docker build --network host -t tolk:cpu -f "$ROOT/Dockerfile" "$ROOT" >"$LOGS/build-cpu.log" 2>&1; then
    tail -30 "$LOGS/build-cpu.log" >&2
    check "tolk:cpu builds from the Dockerfile" FAIL "log: $LOGS/build-cpu.log"
    exit 1
fi
BUILD_SECONDS=$(seconds_since "$t0")
check "tolk:cpu builds from the Dockerfile" PASS "${BUILD_SECONDS} s"
fact "build time (tolk:cpu, Maven inside, base images ready)" "${BUILD_SECONDS} s"
IMAGE_SIZE="$(docker image inspect -f '{{.Size}}' tolk:cpu | awk '{ printf "%.2f GB (%d MB)", $1 / 1e9, $1 / 1e6 }')"
fact "image size (tolk:cpu)" "$IMAGE_SIZE"
VERSION="$(docker run --rm --network none tolk:cpu --version 2>&1 | grep -E '^(Tolk|DJL|Engine|Device)' | paste -sd ' ' -)"
fact "docker run --rm tolk:cpu --version" "$VERSION"

# 4. the compose deployment
COMPOSE_FILE=compose.yaml
log "docker/compose.yaml: up"
t0=$(date +%s)
compose up -d tolk >"$LOGS/compose-up.log" 2>&1 || { cat "$LOGS/compose-up.log" >&2; check "compose up" FAIL; exit 1; }
if READY=$(wait_ready 180); then
    check "readiness UP through the published port" PASS "${READY} s after up"
    fact "time to ready (readiness UP on the port)" "${READY} s"
else
    check "readiness UP through the published port" FAIL "not within 180 s"
    compose logs --tail 50 tolk >&2
    exit 1
fi
if HEALTHY=$(wait_healthy tolk 180); then
    HEALTHY=$(seconds_since "$t0")
    check "compose service healthy (HEALTHCHECK)" PASS "${HEALTHY} s after up"
    fact "time to healthy (Docker's check runs every 30 s)" "${HEALTHY} s"
else
    check "compose service healthy (HEALTHCHECK)" FAIL "not within 180 s"
fi
NAME_FROM="docker/.env"
[ -n "${COMPOSE_PROJECT_NAME:-}" ] && NAME_FROM="COMPOSE_PROJECT_NAME in the environment"
docker volume inspect "${PROJECT}_tolk-models" >/dev/null 2>&1 \
    && check "project name from $NAME_FROM names the volumes" PASS "volume ${PROJECT}_tolk-models" \
    || check "project name from $NAME_FROM names the volumes" FAIL "no volume ${PROJECT}_tolk-models"

CID="$(compose ps -q tolk)"
uid="$(docker top "$CID" -eo uid,pid,args 2>/dev/null | awk '/java/ { print $1; exit }')"
[ "$uid" = 10001 ] && check "service process runs as uid 10001 (not root)" PASS "java as uid $uid" \
    || check "service process runs as uid 10001 (not root)" FAIL "java as uid '${uid}'"

toy_corpus 300 1 >"$WORK/toy.tsv"
DATASET="$(upload_corpus "$WORK/toy.tsv")" && [ -n "$DATASET" ] \
    && check "POST /datasets (300 synthetic pairs, TSV)" PASS "dataset $DATASET" \
    || check "POST /datasets (300 synthetic pairs, TSV)" FAIL
t0=$(date +%s)
JOB=""
[ -n "$DATASET" ] && JOB="$(start_job "$(tiny_job "$DATASET" 600)")"
if [ -n "$JOB" ] && record="$(wait_job "$JOB" '.state == "SUCCEEDED"' 600)"; then
    check "POST /train: tiny model trained (600 updates)" PASS "job $JOB, $(seconds_since "$t0") s, held-out BLEU $(job_field "$record" .best.bleu)"
    fact "training the tiny model (600 updates, POST /train)" "$(seconds_since "$t0") s"
else
    check "POST /train: tiny model trained (600 updates)" FAIL "job '${JOB}': $(job_field "${record:-}" '.state + " " + (.error // "")')"
fi
answer="$(json POST /translate "{\"texts\":$TEST_SENTENCES,\"source\":\"en\",\"target\":\"de\"}")"
if [ "$(status)" = 200 ] && [ "$(job_field "$answer" .model)" = "$JOB" ]; then
    correct="$(translations_correct "$answer")"
    check "POST /translate with the new model" PASS "$correct toy sentences exact: $(jq -c '[.translations[].text]' <<<"$answer")"
    [ "${correct%% *}" -ge 3 ] && check "the model learned the toy task (3 of 4 exact at least)" PASS "$correct" \
        || check "the model learned the toy task (3 of 4 exact at least)" FAIL "$correct"
else
    check "POST /translate with the new model" FAIL "$(status) $answer"
fi

log "restarting the container"
compose restart tolk >>"$LOGS/compose-up.log" 2>&1
if wait_ready 180 >/dev/null; then
    record="$(api GET "/train/$JOB")"
    models="$(api GET /models)"
    answer="$(json POST /translate '{"text":"w1 w2","source":"en","target":"de"}')"
    if [ "$(job_field "$record" .state)" = SUCCEEDED ] && jq -e --arg id "$JOB" 'any(.[]; .id == $id)' <<<"$models" >/dev/null \
        && [ "$(job_field "$answer" .model)" = "$JOB" ]; then
        check "after a restart: job and model found, model translates" PASS "job SUCCEEDED, model $JOB"
    else
        check "after a restart: job and model found, model translates" FAIL "job $(job_field "$record" .state), models $(jq -c '[.[].id]' <<<"$models" 2>/dev/null)"
    fi
else
    check "after a restart: job and model found, model translates" FAIL "not ready within 180 s"
fi

log "a long job, stopped in the middle by docker compose stop"
LONG="$(start_job "$(tiny_job "$DATASET" 20000)")"
if [ -n "$LONG" ] && wait_job "$LONG" '(.progress.step // 0) >= 40' 300 >/dev/null; then
    t0=$(date +%s)
    compose stop tolk >>"$LOGS/compose-up.log" 2>&1
    STOP_SECONDS=$(seconds_since "$t0")
    exit_code="$(docker inspect -f '{{.State.ExitCode}}' "$CID")"
    stopped="$(docker run --rm --network none --entrypoint cat -v "${PROJECT}_tolk-models:/m:ro" tolk:cpu "/m/.jobs/$LONG.json" 2>/dev/null)"
    stopped_at="$(job_field "$stopped" .progress.step)"
    if [ "$(job_field "$stopped" .state)" = INTERRUPTED ] && [ "$(job_field "$stopped" .interruptedBy)" = shutdown ] \
        && [ "$exit_code" != 137 ]; then
        check "compose stop mid-job: job checkpointed, INTERRUPTED by shutdown" PASS "at step $stopped_at, stop took ${STOP_SECONDS} s (grace 120 s), exit code $exit_code"
    else
        check "compose stop mid-job: job checkpointed, INTERRUPTED by shutdown" FAIL "record: $(job_field "$stopped" '.state + " " + (.interruptedBy // "")'), exit code $exit_code, ${STOP_SECONDS} s"
    fi
    compose start tolk >>"$LOGS/compose-up.log" 2>&1
    if wait_ready 180 >/dev/null && record="$(wait_job "$LONG" "(.state == \"RUNNING\" and (.progress.step // 0) > ${stopped_at:-0} + 10) or .state == \"SUCCEEDED\"" 300)"; then
        check "after the next start the job resumed by itself" PASS "$(job_field "$record" .state) at step $(job_field "$record" .progress.step), was $stopped_at"
    else
        check "after the next start the job resumed by itself" FAIL "$(job_field "${record:-}" '.state + " step " + (.progress.step | tostring)')"
    fi
    json DELETE "/train/$LONG" >/dev/null
    wait_job "$LONG" '.state == "CANCELLED" or .state == "SUCCEEDED"' 120 >/dev/null
else
    check "compose stop mid-job: job checkpointed, INTERRUPTED by shutdown" FAIL "the job did not reach step 40"
fi

compose down -v >>"$LOGS/compose-down.log" 2>&1

log "a container with --network none"
t0=$(date +%s)
RNW_CONTAINER="$(docker run -d --network none --health-interval 2s tolk:cpu)"
rnw=""
while [ "$(seconds_since "$t0")" -lt 180 ]; do
    [ "$(docker inspect -f '{{.State.Health.Status}}' "$RNW_CONTAINER" 2>/dev/null)" = healthy ] && { rnw=$(seconds_since "$t0"); break; }
    [ "$(docker inspect -f '{{.State.Running}}' "$RNW_CONTAINER")" = true ] || break
    sleep 1
done
[ -n "$rnw" ] && check "--network none: ready (nothing downloaded at start)" PASS "healthy after ${rnw} s (check every 2 s)" \
    || check "--network none: ready (nothing downloaded at start)" FAIL "$(docker logs --tail 5 "$RNW_CONTAINER" 2>&1 | tr '\n' ' ')"
docker rm -f "$RNW_CONTAINER" >/dev/null 2>&1
RNW_CONTAINER=""

# 5. the scaling layout
COMPOSE_FILE=compose.scale.yaml
for image in $(awk '$1 == "image:" && $2 !~ /^tolk:/ { print $2 }' "$ROOT/docker/compose.scale.yaml" | sort -u); do
    ensure_image "$image" || check "base image $image" FAIL "neither pulled nor stand-in built"
done
log "docker/compose.scale.yaml: up --scale tolk=2 (trainer, two replicas, nginx)"
t0=$(date +%s)
if compose up -d --scale tolk=2 >"$LOGS/compose-scale-up.log" 2>&1 && wait_ready 240 >/dev/null; then
    check "scaling layout up: trainer, 2 replicas, load balancer" PASS "$(seconds_since "$t0") s to ready through nginx"
    REPLICAS=($(compose ps -q tolk))
    ro="$(docker inspect -f '{{range .Mounts}}{{.Destination}}={{.RW}} {{end}}' "${REPLICAS[0]}")"
    [[ "$ro" == *"/srv/tolk/models=false"* ]] && check "replicas mount the models volume read-only" PASS "$ro" \
        || check "replicas mount the models volume read-only" FAIL "$ro"
    DATASET="$(upload_corpus "$WORK/toy.tsv")"
    t1=$(date +%s)
    SJOB=""
    # A short job: any model of the trainer's does to show the replicas serve it.
    [ -n "$DATASET" ] && SJOB="$(start_job "$(tiny_job "$DATASET" 120)")"
    if [ -n "$SJOB" ] && wait_job "$SJOB" '.state == "SUCCEEDED"' 600 >/dev/null; then
        check "the trainer trains through the load balancer (/datasets, /train)" PASS "job $SJOB, $(seconds_since "$t1") s"
    else
        check "the trainer trains through the load balancer (/datasets, /train)" FAIL "job '${SJOB}'"
    fi
    served=0
    for id in "${REPLICAS[@]}"; do
        got="$(docker exec "$id" curl -s -H "Authorization: Bearer $USER_KEY" -H 'Content-Type: application/json' \
            -d '{"text":"w1 w2","source":"en","target":"de"}' http://localhost:8080/translate)"
        [ "$(job_field "$got" .model)" = "$SJOB" ] && served=$((served + 1))
    done
    [ "$served" = "${#REPLICAS[@]}" ] && [ "$served" -ge 2 ] \
        && check "the trainer's model is served by every replica" PASS "$served of ${#REPLICAS[@]} replicas" \
        || check "the trainer's model is served by every replica" FAIL "$served of ${#REPLICAS[@]} replicas"
    for _ in $(seq 1 40); do json POST /translate '{"text":"w3 w4","source":"en","target":"de"}' >/dev/null; done
    counts=()
    for id in "${REPLICAS[@]}"; do
        counts+=("$(docker exec "$id" curl -s -H "Authorization: Bearer $ADMIN_KEY" http://localhost:8080/actuator/prometheus \
            | awk '/^http_server_requests_seconds_count\{/ && /uri="\/translate"/ { n += $NF } END { printf "%d", n }')")
    done
    spread=1
    for c in "${counts[@]}"; do [ "$c" -gt 1 ] || spread=0; done
    [ "$spread" = 1 ] && check "requests through nginx spread over the replicas" PASS "POST /translate per replica: ${counts[*]} (40 sent, 1 each directly)" \
        || check "requests through nginx spread over the replicas" FAIL "POST /translate per replica: ${counts[*]}"
    # A document through the load balancer: translated by the trainer (the data volume's writer), its link naming
    # the load balancer, downloaded through it.
    printf 'w1 w2\nw3 w4\n' >"$WORK/note.txt"
    answer="$(api POST /translate_file -F "file=@$WORK/note.txt" -F source=en -F target=de)"
    url="$(job_field "$answer" .translatedFileUrl)"
    if [[ "$url" == "http://127.0.0.1:$PORT/download_file/"* ]] \
        && got="$(curl -sS --max-time 60 "$url" 2>>"$LOGS/curl.log")" && [ "$(wc -l <<<"$got")" = 2 ] \
        && [[ "$got" != *w1* ]]; then
        check "a document through the load balancer (/translate_file, /download_file)" PASS "$(tr '\n' '|' <<<"$got")"
    else
        check "a document through the load balancer (/translate_file, /download_file)" FAIL "$(status) ${answer:0:200} ${got:-}"
    fi
    refused="$(docker exec "${REPLICAS[0]}" curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ADMIN_KEY" \
        -H 'Content-Type: application/json' -d "$(tiny_job "$DATASET" 10)" http://localhost:8080/train)"
    [ "$refused" = 409 ] && check "a replica refuses training (jobs disabled)" PASS "POST /train on a replica: 409" \
        || check "a replica refuses training (jobs disabled)" FAIL "POST /train on a replica: $refused"
else
    check "scaling layout up: trainer, 2 replicas, load balancer" FAIL "log: $LOGS/compose-scale-up.log"
    tail -20 "$LOGS/compose-scale-up.log" >&2
    compose ps >&2
fi
compose down -v >>"$LOGS/compose-down.log" 2>&1

# 6. the CUDA image, where its base image can be pulled
CUDA_BASE="$(awk 'toupper($1) == "FROM" && $2 ~ /^nvidia\// { print $2 }' "$ROOT/docker/Dockerfile.cuda" | head -1)"
if [ "$CUDA" = 0 ]; then
    check "tolk:cuda builds from docker/Dockerfile.cuda" SKIP "--no-cuda"
elif timeout 600 docker pull "$CUDA_BASE" >"$LOGS/pull-cuda.log" 2>&1; then
    MADE_IMAGES+=("$CUDA_BASE")
    t0=$(date +%s)
    if docker build --network host -t tolk:cuda -f "$ROOT/docker/Dockerfile.cuda" "$ROOT" >"$LOGS/build-cuda.log" 2>&1; then
        CUDA_BUILT=1
        check "tolk:cuda builds from docker/Dockerfile.cuda" PASS "$(seconds_since "$t0") s"
        if docker info --format '{{json .Runtimes}}' | grep -q nvidia; then
            out="$(docker run --rm --gpus all tolk:cuda --version 2>&1)"
            [[ "$out" == *"Device CUDA"* ]] && check "tolk:cuda sees the GPU" PASS "$(grep Device <<<"$out")" \
                || check "tolk:cuda sees the GPU" FAIL "$out"
        else
            check "tolk:cuda sees the GPU" SKIP "no NVIDIA runtime in this Docker engine"
        fi
    else
        CUDA_BUILT=1
        check "tolk:cuda builds from docker/Dockerfile.cuda" FAIL "log: $LOGS/build-cuda.log"
    fi
else
    check "tolk:cuda builds from docker/Dockerfile.cuda" SKIP "cannot pull $CUDA_BASE: $(tail -1 "$LOGS/pull-cuda.log")"
fi

# ---- summary --------------------------------------------------------------------------------------------------------
echo
echo "==================================== docker/verify.sh summary ===================================="
if [ "${#STAND_INS[@]}" -gt 0 ]; then
    echo "!!! STAND-IN BASE IMAGES were used: these could not be pulled and were built from Debian $SUITE packages"
    echo "!!! under the same names (Debian's OpenJDK 17, Maven 3.8 and nginx, not Temurin on Ubuntu, Maven 3.9, nginx 1.27):"
    for s in "${STAND_INS[@]}"; do echo "!!!   $s"; done
    echo "!!! The Dockerfiles and compose files themselves were used unchanged."
fi
for f in "${FACTS[@]}"; do printf '  %-55s %s\n' "${f%%|*}" "${f#*|}"; done
printf '  %-55s %s s\n' "total time of this run" "$(seconds_since "$STARTED")"
for c in "${CHECKS[@]}"; do
    IFS='|' read -r st name detail <<<"$c"
    printf '  %-4s  %s%s\n' "$st" "$name" "${detail:+: $detail}"
done
if [ "$FAILED" = 0 ]; then echo "  RESULT: PASS"; else echo "  RESULT: FAIL"; fi
echo "=================================================================================================="
exit "$FAILED"
