#!/bin/sh
# Run by every Dockerfile at build time: writes /app/jvm.args, the argument file the image starts `java @/app/jvm.args`
# with. The options are jvm/options.sh's for this module and the runtime's Java version, with heap sizes as shares of
# the container's memory limit; then the class data archive of a training run (jvm/train.sh), if it succeeds.
#
#   sh jvm/image-args.sh MODULE        (in /app, which holds the extracted jar as app.jar)
set -eu
module=${1:?usage: jvm/image-args.sh MODULE}
here=$(dirname "$0")
major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)
sh "$here/options.sh" "$module" "$major" container > /app/jvm.args
# shellcheck disable=SC2046 # one option per line, none with spaces
if use=$(sh "$here/train.sh" java "$major" /app/app.jar /app/app /tmp/training.log $(cat /app/jvm.args)); then
  echo "$use" >> /app/jvm.args
  echo "class data archive: ${use#*=}"
else
  echo "no class data archive, the service will start without one (the training run failed):"
  tail -n 20 /tmp/training.log
fi
rm -f /tmp/training.log
echo "JVM options (/app/jvm.args):"; sed 's/^/  /' /app/jvm.args
