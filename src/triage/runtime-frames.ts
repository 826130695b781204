import type { Frame } from '../model/frame.js';

// Functions of TSan's runtime and of the sanitizer common library.
const RUNTIME_PREFIXES = [
  '__tsan_',
  '__tsan::',
  '__interceptor_',
  '___interceptor_',
  '__sanitizer_',
  '__sanitizer::',
  '__ubsan',
  '__asan',
  '__msan',
];

// Source files of the runtime: gcc's libsanitizer, compiler-rt, and clang's object-file names.
const RUNTIME_FILE_PARTS = [
  '/libsanitizer/',
  'compiler-rt/lib/tsan/',
  'compiler-rt/lib/sanitizer_common/',
  '/lib/tsan/rtl/',
  '/lib/sanitizer_common/',
];
const RUNTIME_FILE_BASENAME = /^(?:tsan|sanitizer)_[\w.]+\.(?:cpp|cc|h|inc|S)(?:\.o)?$/;
const RUNTIME_MODULE = /^(?:.*\/)?(?:libtsan\.so|libclang_rt\.tsan|libclang_rt\.tsan_osx_dynamic)/;

/**
 * Functions TSan intercepts. With clang's static runtime an interceptor prints as the plain
 * libc name with no file (`pthread_create <null> (app+0x61e91)`), so a frame with one of these
 * names and no file is the runtime's, not the program's.
 */
const INTERCEPTED = new Set([
  'malloc',
  'calloc',
  'realloc',
  'reallocarray',
  'free',
  'cfree',
  'memalign',
  'posix_memalign',
  'aligned_alloc',
  'valloc',
  'pvalloc',
  'malloc_usable_size',
  'mmap',
  'mmap64',
  'munmap',
  'memcpy',
  'memmove',
  'memset',
  'memcmp',
  'bcmp',
  'memchr',
  'memrchr',
  'strlen',
  'strnlen',
  'strcpy',
  'strncpy',
  'strcat',
  'strncat',
  'strcmp',
  'strncmp',
  'strchr',
  'strrchr',
  'strstr',
  'strdup',
  'strndup',
  'wcslen',
  'bzero',
  'operator new(unsigned long)',
  'operator new[](unsigned long)',
  'operator new(unsigned long, std::nothrow_t const&)',
  'operator new[](unsigned long, std::nothrow_t const&)',
  'operator new(unsigned long, std::align_val_t)',
  'operator new[](unsigned long, std::align_val_t)',
  'operator delete(void*)',
  'operator delete[](void*)',
  'operator delete(void*, unsigned long)',
  'operator delete[](void*, unsigned long)',
  'operator delete(void*, std::align_val_t)',
  'operator delete(void*, unsigned long, std::align_val_t)',
  'pthread_create',
  'pthread_join',
  'pthread_tryjoin_np',
  'pthread_timedjoin_np',
  'pthread_detach',
  'pthread_exit',
  'pthread_kill',
  'pthread_setname_np',
  'pthread_once',
  'pthread_mutex_init',
  'pthread_mutex_destroy',
  'pthread_mutex_lock',
  'pthread_mutex_trylock',
  'pthread_mutex_timedlock',
  'pthread_mutex_unlock',
  'pthread_mutex_clocklock',
  'pthread_rwlock_init',
  'pthread_rwlock_destroy',
  'pthread_rwlock_rdlock',
  'pthread_rwlock_tryrdlock',
  'pthread_rwlock_timedrdlock',
  'pthread_rwlock_wrlock',
  'pthread_rwlock_trywrlock',
  'pthread_rwlock_timedwrlock',
  'pthread_rwlock_unlock',
  'pthread_spin_init',
  'pthread_spin_destroy',
  'pthread_spin_lock',
  'pthread_spin_trylock',
  'pthread_spin_unlock',
  'pthread_cond_init',
  'pthread_cond_destroy',
  'pthread_cond_wait',
  'pthread_cond_timedwait',
  'pthread_cond_clockwait',
  'pthread_cond_signal',
  'pthread_cond_broadcast',
  'pthread_barrier_init',
  'pthread_barrier_destroy',
  'pthread_barrier_wait',
  'sem_init',
  'sem_destroy',
  'sem_wait',
  'sem_trywait',
  'sem_timedwait',
  'sem_post',
  'sem_getvalue',
  'open',
  'open64',
  'openat',
  'creat',
  'close',
  'read',
  'write',
  'pread',
  'pwrite',
  'readv',
  'writev',
  'pipe',
  'pipe2',
  'socket',
  'socketpair',
  'connect',
  'accept',
  'accept4',
  'bind',
  'listen',
  'send',
  'sendmsg',
  'sendto',
  'recv',
  'recvmsg',
  'recvfrom',
  'shutdown',
  'dup',
  'dup2',
  'dup3',
  'eventfd',
  'epoll_create',
  'epoll_create1',
  'epoll_ctl',
  'epoll_wait',
  'epoll_pwait',
  'poll',
  'ppoll',
  'select',
  'fopen',
  'fdopen',
  'freopen',
  'fclose',
  'fread',
  'fwrite',
  'fflush',
  'puts',
  'fputs',
  'printf',
  'fprintf',
  'vfprintf',
  'unlink',
  'rmdir',
  'opendir',
  'closedir',
  'sleep',
  'usleep',
  'nanosleep',
  'clock_nanosleep',
  'sched_yield',
  'signal',
  'sigaction',
  'sigsuspend',
  'sigwait',
  'sigwaitinfo',
  'sigtimedwait',
  'raise',
  'kill',
  'pthread_sigmask',
  'sigprocmask',
  'abort',
  'exit',
  '_exit',
  'atexit',
  'on_exit',
  '__cxa_atexit',
  '__cxa_guard_acquire',
  '__cxa_guard_release',
  '__cxa_guard_abort',
  '__cxa_throw',
  'dlopen',
  'dlclose',
  'fork',
  'vfork',
  'setjmp',
  'longjmp',
  'siglongjmp',
  '_setjmp',
  'sigsetjmp',
  'gettimeofday',
  'getaddrinfo',
  'gethostbyname',
  'getpwnam',
  'getpwuid',
  'localtime_r',
  'qsort',
  'pthread_mutexattr_settype',
  'pthread_attr_setstacksize',
]);

/** Frames whose code is TSan's runtime: its internals and its interceptors. */
export function isRuntimeFrame(frame: Frame): boolean {
  const fn = frame.function;
  if (fn !== null) {
    for (const prefix of RUNTIME_PREFIXES) if (fn.startsWith(prefix)) return true;
    if (frame.file === null && INTERCEPTED.has(fn)) return true;
  }
  const file = frame.file;
  if (file !== null) {
    for (const part of RUNTIME_FILE_PARTS) if (file.includes(part)) return true;
    const slash = file.lastIndexOf('/');
    if (RUNTIME_FILE_BASENAME.test(slash === -1 ? file : file.slice(slash + 1))) return true;
  }
  return frame.module !== null && RUNTIME_MODULE.test(frame.module);
}

const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * An interceptor's frame: a libc function TSan intercepts, printed by the runtime. The runtime
 * prints it under the libc name but its symbol, which suppressions match, is prefixed
 * (`__interceptor_free`; clang 19 also has `___interceptor_free` at the same address).
 */
export function isInterceptorFrame(frame: Frame): boolean {
  const fn = frame.function;
  if (fn === null || !C_IDENTIFIER.test(fn) || !INTERCEPTED.has(fn)) return false;
  return frame.file === null || isRuntimeFrame({ ...frame, function: null });
}

/** A libc function name TSan intercepts (prints under that name, matches under a prefix). */
export function isInterceptedName(name: string): boolean {
  return C_IDENTIFIER.test(name) && INTERCEPTED.has(name);
}

/** Thread and process start-up code below every stack: never the cause of a race. */
const STARTUP = new Set([
  'start_thread',
  'clone',
  'clone3',
  '__clone',
  '__clone3',
  '_start',
  '__libc_start_main',
  '__libc_start_main_impl',
  '__libc_start_call_main',
  'call_init',
  '__libc_csu_init',
  '_dl_start_user',
  'thread_start',
  '_pthread_start',
  'start_wqthread',
  '__tsan_thread_start_func',
]);

export function isStartupFrame(frame: Frame): boolean {
  return frame.function !== null && STARTUP.has(frame.function);
}

// System headers and libraries: the C and C++ standard libraries, the loader.
const SYSTEM_FILE = /(?:^|\/)(?:usr\/include|usr\/lib|include\/c\+\+|c\+\+\/v1|csu|sysdeps|nptl)\//;
const SYSTEM_MODULE =
  /^(?:.*\/)?(?:libc|libstdc\+\+|libc\+\+|libc\+\+abi|libpthread|libm|libgcc_s|ld-linux[\w.-]*)\.so/;

/**
 * Frames in the system's libraries and headers (`std::_Rb_tree::...` in `/usr/include/c++`).
 * They are kept in stacks but are not chosen as an anchor while a project frame exists: two
 * different defects that both race inside `std::map::insert` must not share a signature.
 */
export function isSystemFrame(frame: Frame): boolean {
  if (frame.file !== null) return SYSTEM_FILE.test(frame.file);
  return frame.module !== null && SYSTEM_MODULE.test(frame.module);
}
