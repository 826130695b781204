import { describe, expect, it } from 'vitest';
import { simplifyName } from '../../src/triage/simplify-name.js';

// One case per rule of docs/triage.md, plus the spellings gcc and clang give the same code.
describe('simplifyName', () => {
  it.each([
    [
      'C++ parameters',
      'rocksdb::GetVarint32Ptr(char const*, char const*, unsigned int*)',
      'rocksdb::GetVarint32Ptr',
    ],
    [
      'function-pointer parameters',
      'grpc_closure_init(char const*, int, grpc_closure*, void (*)(void*, grpc_error*), void*)',
      'grpc_closure_init',
    ],
    [
      'template arguments, gcc `> >`',
      'std::vector<int, std::allocator<int> >::push_back(int const&)',
      'std::vector::push_back',
    ],
    [
      'template arguments, clang `>>`',
      'std::vector<int, std::allocator<int>>::push_back(int const&)',
      'std::vector::push_back',
    ],
    [
      'return type before a template function',
      'void* std::__1::__thread_proxy<std::__1::tuple<int> >(void*)',
      'std::__1::__thread_proxy',
    ],
    ['return type of an operator', 'bool Foo::operator==(Foo const&)', 'Foo::operator=='],
    ['trailing qualifiers', 'Foo::get() const volatile &&', 'Foo::get'],
    ['ABI tags', 'std::__cxx11::basic_string[abi:cxx11]()', 'std::__cxx11::basic_string'],
    [
      'internal linkage: the last name, as gcc prints it',
      '(anonymous namespace)::Worker::run()',
      'run',
    ],
    ['old gcc anonymous namespace', '{anonymous}::Worker::run()', 'run'],
    ['internal linkage inside a namespace', 'ns::(anonymous namespace)::helper(int)', 'helper'],
    ['older gcc lambda', 'main::{lambda(int)#1}::operator()(int) const', '{lambda}'],
    ['gcc 12 lambda: a bare operator()', 'operator()', '{lambda}'],
    ["clang: a function-local class's member (rule v2)", 't1(void*)::Inner::run()', 'run'],
    ['gcc: the same member, bare', 'run', 'run'],
    ['a local class in a const member function', 'Foo::go() const::Local::step(int)', 'step'],
    [
      'a lambda named in template arguments stays',
      'std::_Function_handler<void (), t1(void*)::$_0>::_M_invoke(std::_Any_data const&)',
      'std::_Function_handler::_M_invoke',
    ],
    ['clang lambda', 'main::$_0::operator()(int) const', '{lambda}'],
    ["clang's demangled lambda", "main::'lambda'(int)::operator()(int) const", '{lambda}'],
    ['operator() kept', 'Foo::operator()() const', 'Foo::operator()'],
    ['operator< kept', 'Foo::operator<(Foo const&) const', 'Foo::operator<'],
    [
      'operator<< on a template',
      'std::basic_ostream<char>::operator<<(int)',
      'std::basic_ostream::operator<<',
    ],
    ['operator new', 'operator new(unsigned long)', 'operator new'],
    ['operator delete', 'operator delete(void*, unsigned long)', 'operator delete'],
    ['destructor', 'A::~A()', 'A::~A'],
    ['gcc clone suffix', 'foo.isra.0', 'foo'],
    ['chained clone suffixes', 'foo.constprop.0.isra.0', 'foo'],
    ['cold part', 'foo.cold', 'foo'],
    ['part', 'foo.part.0', 'foo'],
    ['LTO private', 'foo.lto_priv.0', 'foo'],
    ['LLVM LTO hash', 'foo.llvm.1234567890', 'foo'],
    ['numbered static', '_PyObject_VectorcallTstate.3425', '_PyObject_VectorcallTstate'],
    ['demangled clone note', 'Foo::bar(int) [clone .isra.0]', 'Foo::bar'],
    [
      'Rust hash and escapes',
      'main::_$u7b$$u7b$closure$u7d$$u7d$::h0123456789abcdef',
      'main::{{closure}}',
    ],
    [
      'Swift closure keeps where it is',
      'closure #3 in _urlFromBytes_impl<A, B>(_:baseURL:callback:)',
      'closure #3 in _urlFromBytes_impl',
    ],
    [
      'Swift return type',
      'TSANConcurrencyBug.Thing.cancel() -> ()',
      'TSANConcurrencyBug.Thing.cancel',
    ],
    ['plain C', 'interpreter_clear', 'interpreter_clear'],
    ['a name of brackets only', '<null>', '<null>'],
  ])('%s', (_rule, name, expected) => {
    expect(simplifyName(name)).toBe(expected);
  });

  it('takes linear time on pathological names', () => {
    const names = [
      `f${'<'.repeat(50_000)}`,
      `f${'('.repeat(50_000)}`,
      `${'a '.repeat(50_000)}f`,
      `f${'.1'.repeat(50_000)}x`,
      `f${'.isra.1'.repeat(20_000)}x`,
      `${'a::'.repeat(50_000)}f()`,
    ];
    for (const name of names) expect(typeof simplifyName(name)).toBe('string');
  });
});
