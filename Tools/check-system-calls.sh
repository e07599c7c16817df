#!/usr/bin/env bash
# Checks that AnnalsSystem is the only module that talks to the kernel (issue 31, point 2).
#
# `import Foundation` brings Glibc along on Linux, so a grep of the imports cannot enforce it:
# this reads the undefined symbols of each module's object files (nm) instead, after
# `swift build`, and fails when a module other than AnnalsSystem calls
#   - the kernel's file functions: open, openat, creat, close_range, fsync, fdatasync,
#     sync_file_range, rename, renameat, renameat2, link, linkat, symlink, unlink, unlinkat,
#     mkdir, mkdirat, rmdir, mkdtemp, mkstemp, truncate, ftruncate, fallocate, flock, lockf,
#     chmod, fchmod, fchmodat, chown, fchown, opendir, fdopendir, readdir, closedir, scandir,
#     realpath, stat, lstat, fstat, fstatat, statx, access, faccessat, mmap, msync, munmap;
#     (their 64-bit names too: open64, stat64, ftruncate64, readdir64…);
#   - the kernel's process functions: fork, vfork, posix_spawn, posix_spawnp and their
#     file-action and attribute helpers, execv, execve, execvp, execvpe, execl, execle,
#     execlp, system, popen, wait, waitpid, wait3, wait4, waitid, pipe, pipe2, kill;
#   - the thread functions: pthread_create, pthread_join, pthread_detach, pthread_mutex_init,
#     pthread_cond_init, pthread_cond_wait;
#   - Foundation's FileManager, FileHandle, Process, Thread (FileManager lives in FoundationEssentials
#     on Linux since Swift 6), and Dispatch's DispatchQueue.
# read, write, pread and pwrite on an open descriptor, and poll, are not listed: a module
# without open, pipe or a socket has no descriptor of its own to pass them, and the network
# client's sockets are libcurl's.
#
# A call goes through Glibc's Swift overlay for some of these (open, fcntl: `Glibc.open(...)`)
# and straight to the C symbol for others, so both forms are matched, on demangled names.
#
# ALLOW_MODULES: modules (space-separated) whose findings are printed but do not fail the check,
# while they are being reworked (default: none).
# BUILD_DIR: where `swift build` put the objects (default: .build/debug).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-.build/debug}
ALLOW_MODULES=${ALLOW_MODULES:-}
SYSTEM_MODULE=AnnalsSystem

kernel_functions='open openat creat close_range fsync fdatasync sync_file_range rename renameat renameat2
link linkat symlink symlinkat unlink unlinkat mkdir mkdirat rmdir mkdtemp mkstemp mkostemp truncate
ftruncate fallocate posix_fallocate flock lockf chmod fchmod fchmodat chown fchown lchown opendir
fdopendir readdir closedir scandir realpath stat lstat fstat fstatat statx access faccessat euidaccess
mmap msync munmap fork vfork posix_spawn posix_spawnp execv execve execvp execvpe execl execle execlp
system popen pclose wait waitpid wait3 wait4 waitid pipe pipe2 kill pthread_create pthread_join
pthread_detach pthread_mutex_init pthread_cond_init pthread_cond_wait'

# One extended regular expression matched against each demangled undefined symbol.
names=$(echo $kernel_functions | tr ' ' '|')
pattern="^(${names})(64)?$|^posix_spawn(attr|_file_actions)_|^Glibc\\.(${names})(64)?\\("
pattern+="|Foundation(Essentials)?\\.(FileManager|FileHandle|Process|Thread)\\b|Dispatch\\.DispatchQueue\\b"

# The undefined symbols of `module`'s objects that match the pattern, as "File: symbol" lines.
findings() {
    local module=$1 object
    for object in "$BUILD_DIR/$module.build"/*.o; do
        # An object left behind by a file that has since moved to another module is not read.
        [ -n "$(find "Sources/$module" -name "$(basename "$object" .o)" -print -quit)" ] || continue
        nm --undefined-only --format=just-symbols "$object" | swift demangle \
            | grep -E "$pattern" | sed "s|^|$(basename "$object" .swift.o): |" || true
    done | sort -u
}

# The check must be able to fail: AnnalsSystem's own calls have to be found, or nm, the
# demangler or the pattern has stopped seeing them (as when FileManager moved to FoundationEssentials).
[ -e "$BUILD_DIR/$SYSTEM_MODULE.build/FileSystem.swift.o" ] || {
    echo "check-system-calls: no objects in $BUILD_DIR/$SYSTEM_MODULE.build: run swift build first"
    exit 1
}
own=$(findings "$SYSTEM_MODULE")
for expected in 'FileSystem: rename$' 'PosixFile: fsync$' 'WorkerThread: pthread_create$' \
    'ChildProcess: posix_spawnp$' 'PosixFile: Glibc\.open\('; do
    if ! grep -qE "$expected" <<<"$own"; then
        echo "check-system-calls: the check does not see $SYSTEM_MODULE's own call ($expected): it is broken"
        exit 1
    fi
done

failed=0
for source in Sources/*/; do
    module=$(basename "$source")
    [ "$module" = "$SYSTEM_MODULE" ] && continue
    objects=("$BUILD_DIR/$module.build"/*.o)
    [ -e "${objects[0]}" ] || continue  # a C module map: nothing compiled
    found=$(findings "$module")
    [ -z "$found" ] && continue
    allowed=no
    for name in $ALLOW_MODULES; do [ "$name" = "$module" ] && allowed=yes; done
    if [ "$allowed" = yes ]; then
        echo "check-system-calls: $module (allowed for now) calls the kernel outside $SYSTEM_MODULE:"
    else
        echo "check-system-calls: $module calls the kernel outside $SYSTEM_MODULE:"
        failed=1
    fi
    echo "$found" | sed 's/^/    /'
done
if [ "$failed" = 0 ]; then
    echo "check-system-calls: passed: no module but $SYSTEM_MODULE calls the kernel" \
        "(modules reported but allowed for now: ${ALLOW_MODULES:-none})"
fi
exit "$failed"
