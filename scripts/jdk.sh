# Sourced by ./mvnw and ./tidepool-bench: sets TIDEPOOL_JDK to a JDK 25 or newer, or exits with a
# one-line message. $JAVA_HOME wins when it is 25+, else the newest JDK 25+ under /usr/lib/jvm.

tidepool_jdk_major() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

tidepool_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ]; then
    local v; v=$(tidepool_jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then echo "$JAVA_HOME"; return; fi
  fi
  local best="" bestv=0 d v
  for d in /usr/lib/jvm/*/; do
    d=${d%/}; [ -L "$d" ] && continue
    v=$(tidepool_jdk_major "$d"); [ -n "$v" ] || continue
    if [ "$v" -ge 25 ] && [ "$v" -gt "$bestv" ] && [ -x "$d/bin/javac" ]; then best=$d; bestv=$v; fi
  done
  echo "$best"
}

TIDEPOOL_JDK=$(tidepool_find_jdk)
if [ -z "$TIDEPOOL_JDK" ]; then
  echo "error: no JDK 25 found (JAVA_HOME or /usr/lib/jvm); install one, e.g. 'apt-get install temurin-25-jdk', or set JAVA_HOME to a JDK 25." >&2
  exit 1
fi
