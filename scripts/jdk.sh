# Picks a JDK 21 or newer for Punchcard's build and run; sourced by ./punchcard and .ci/run.
# Order: JAVA_HOME when it is 21+; else the newest JDK 21+ installed beside the default java; else an error.

jdk_major() { # prints the feature version of the JDK at $1, or nothing
  local home=$1 version=""
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  elif [ -x "$home/bin/java" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  version=${version#1.}
  printf '%s' "${version%%[.+-]*}"
}

quiet_maven() { # Maven 3.8's bundled Guava trips JDK 24+'s sun.misc.Unsafe warnings on every run
  local major
  major=$(jdk_major "$JAVA_HOME")
  if [ -z "${MAVEN_OPTS:-}" ] && [ -n "$major" ] && [ "$major" -ge 24 ]; then
    export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow"
  fi
}

pick_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
      quiet_maven
      return 0
    fi
  fi
  local default_java jvm_dir
  default_java=$(command -v java 2>/dev/null || true)
  if [ -n "$default_java" ]; then
    jvm_dir=$(dirname "$(dirname "$(dirname "$(readlink -f "$default_java")")")")
  else
    jvm_dir=/usr/lib/jvm
  fi
  # A JDK 8's java sits one folder deeper (jre/bin), so also look where Debian and most distributions
  # keep their JDKs.
  for candidate in "$jvm_dir"/*/ /usr/lib/jvm/*/; do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate
      best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "Punchcard needs a JDK 21 or newer: set JAVA_HOME to one (none found in $jvm_dir)." >&2
    return 1
  fi
  export JAVA_HOME=$best PATH="$best/bin:$PATH"
  quiet_maven
}
