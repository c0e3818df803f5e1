// Runs after both invocations, whose output build.log holds; only the second, offline one runs the
// program. Every assert has a message, so that a failure doesn't print the whole log.
def log = new File(basedir, 'build.log').text
['the class path', 'the module path, as module dev.linechat'].each { where ->
    assert log.contains("ECHO OK with chat-core on ${where}") : "no success line from the run on ${where}"
}

// Only chat-core and the Netty modules it uses: nothing of the apps (picocli, jline), no netty-all,
// and not the optional bouncycastle.
def deps = new File(basedir, 'target/dependencies.txt').readLines()
        .collect { it.trim() }
        .findAll { it ==~ /[\w.-]+:[\w.-]+:.*/ }
assert deps.any { it.startsWith('dev.linechat:chat-core:jar:') } : "chat-core is not among ${deps}"
def foreign = deps.findAll { !it.startsWith('dev.linechat:chat-core:') && !it.startsWith('io.netty:') }
assert foreign.isEmpty() : "chat-core brings along more than Netty: ${foreign}"
def all = deps.findAll { it.startsWith('io.netty:netty-all:') }
assert all.isEmpty() : "chat-core brings along ${all}"
