/**
 * Built-in "plumbing" lists: frames that carry no meaning for a project's races, skipped when
 * choosing a stack's anchor. Patterns are matched against simplified function names, whole,
 * with `*` for any run of characters. Never a file: skipping a file could hide a real race.
 */
export const PRESETS = {
  cpython: [
    // Atomic wrappers (Include/cpython/pyatomic*.h) and the eval-breaker bit helpers on top of them.
    '_Py_atomic_*',
    '_Py_set_eval_breaker_bit*',
    '_Py_unset_eval_breaker_bit*',
    '_Py_eval_breaker_bit_is_set',
    // The eval loop and the call machinery between Python frames.
    '_PyEval_EvalFrameDefault',
    '_PyEval_EvalFrame',
    '_PyEval_Vector',
    'PyEval_EvalCode',
    '_PyFunction_Vectorcall',
    '_PyObject_VectorcallTstate',
    '_PyObject_VectorcallDictTstate',
    'PyObject_Vectorcall',
    'PyObject_VectorcallDict',
    'PyObject_VectorcallMethod',
    '_PyObject_Call',
    'PyObject_Call',
    '_PyObject_Call_Prepend',
    '_PyObject_MakeTpCall',
    '_PyVectorcall_Call',
    'PyVectorcall_Call',
    'method_vectorcall*',
    'cfunction_call',
    'cfunction_vectorcall_*',
    'vectorcall_method',
    'vectorcall_unbound',
    'slot_tp_call',
    'context_run',
    // Allocator wrappers: the frame that matters is who allocates or frees.
    'PyMem_Raw*',
    '_PyMem_Raw*',
    'PyMem_Malloc',
    'PyMem_Calloc',
    'PyMem_Realloc',
    'PyMem_Free',
    '_PyMem_Debug*',
    'fill_mem_debug',
    'PyObject_Malloc',
    'PyObject_Calloc',
    'PyObject_Realloc',
    'PyObject_Free',
    '_PyObject_Malloc',
    '_PyObject_Free',
    // Thread start-up of the threading module.
    'thread_run',
    'pythread_wrapper',
  ],
} as const satisfies Record<string, readonly string[]>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/**
 * Each preset's runtime finalizers: a stack holding one runs while the runtime shuts down
 * (the "teardown while a thread still runs" pattern, why.ts). Matched like plumbing.
 */
export const PRESET_TEARDOWN = {
  cpython: [
    'Py_FinalizeEx',
    'Py_Finalize',
    '_Py_Finalize',
    'Py_EndInterpreter',
    'Py_Exit',
    '_PyRuntime_Finalize',
  ],
} as const satisfies Record<PresetName, readonly string[]>;
