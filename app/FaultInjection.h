#pragma once
// Test hook: BNLAB_TEST_FAULT=<site> in the environment (or setInjectedFault in a test) makes
// that site throw std::bad_alloc, so each boundary's catch-all (headless run, applying a
// configuration, the worker thread, background jobs) is tested with the one exception a real
// machine throws at random. Sites: headless-run, configure, worker-step, reevaluate-job,
// error-curve, output-file (after the first file of an output set, OutputSet.h). Without the hook
// the check is one atomic load and a null test.
#include <QByteArray>
#include <QtGlobal>
#include <atomic>
#include <cstring>
#include <new>

namespace bnlab {

namespace detail {
inline std::atomic<const char*>& injectedFault() {
    static QByteArray fromEnvironment = qgetenv("BNLAB_TEST_FAULT");
    static std::atomic<const char*> site{fromEnvironment.isEmpty() ? nullptr
                                                                   : fromEnvironment.constData()};
    return site;
}
} // namespace detail

// `site` must outlive its use (a string literal); nullptr turns the hook off.
inline void setInjectedFault(const char* site) {
    detail::injectedFault().store(site);
}

// Turns the hook on for its lifetime and off however the scope ends (tests).
class ScopedFault {
  public:
    explicit ScopedFault(const char* site) { setInjectedFault(site); }
    ~ScopedFault() { setInjectedFault(nullptr); }
    ScopedFault(const ScopedFault&) = delete;
    ScopedFault& operator=(const ScopedFault&) = delete;
};

inline void injectFaultAt(const char* site) {
    const char* wanted = detail::injectedFault().load(std::memory_order_relaxed);
    if (wanted && std::strcmp(wanted, site) == 0)
        throw std::bad_alloc();
}

} // namespace bnlab
