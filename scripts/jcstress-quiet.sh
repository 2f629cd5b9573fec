#!/usr/bin/env bash
# Runs a command (the jcstress harness, from stress/pom.xml) and passes its output through, except
# the lines of jcstress 0.16's start-up probes that only say what this JDK lacks: biased locking
# was removed in JDK 18, so its probe JVM fails with three lines of error that mean nothing here,
# and a shaded jcstress jar has no build revision to print. Everything else, and the exit code,
# go through unchanged.
set -uo pipefail
"$@" 2>&1 | grep -v -x -F \
  -e "Unrecognized VM option 'UseBiasedLocking'" \
  -e "Error: Could not create the Java Virtual Machine." \
  -e "Error: A fatal exception has occurred. Program will exit." \
  -e "Rev: null, built by null with null at null"
exit "${PIPESTATUS[0]}"
