# Sourced by ./tidepool-bench and ./tidepool-example: tidepool_launch MODULE JAR ARGS... builds
# MODULE/target/JAR (a shaded jar) when it is missing or older than any source or pom it is built
# from, then runs it on a JDK 25 with ARGS.
here=${here:?set by the caller}
. "$here/scripts/jdk.sh"

tidepool_launch() {
  local module=$1 jar=$here/$1/target/$2
  shift 2
  if [ ! -f "$jar" ] || [ -n "$(find "$here"/switch "$here"/futures "$here"/runners "$here"/forkjoin "$here"/tracing "$here"/process "$here"/cluster "$here"/cli \
        "$here/$module/src" "$here/$module/pom.xml" "$here"/pom.xml \( -name '*.java' -o -name pom.xml \) -newer "$jar" -print -quit)" ]; then
    echo "building $jar with Maven (about 20 s on 2 cores, once; again only after a source changes) ..." >&2
    # Only the runnable jar: no sources or javadoc jars (tidepool.unpublished), no tests.
    "$here/mvnw" -B -q -DskipTests -Dtidepool.unpublished=true package -pl "$module" -am >&2
  fi
  # JCTools reads fields through sun.misc.Unsafe; allow it without the JDK 24+ warning.
  exec "$TIDEPOOL_JDK/bin/java" --sun-misc-unsafe-memory-access=allow ${TIDEPOOL_JAVA_OPTS:-} -jar "$jar" "$@"
}
