#!/usr/bin/env bash
# The framework floor (README.md, run 10): two stock Spring Cloud Gateway apps, each with one route /api/** to the
# benchmark's backend and nothing else (no filters, no load balancer, no registry), measured by run.sh part (a) next to
# direct, nginx and the gateway as ./suite runs it.
#   stock-webflux  spring-cloud-starter-gateway-server-webflux (Reactor Netty), route in spring.cloud.gateway.server.webflux.routes
#   stock-webmvc   spring-cloud-starter-gateway-server-webmvc (Tomcat, its default HTTP client), virtual threads on,
#                  route in spring.cloud.gateway.server.webmvc.routes
# Both use the project's Spring Boot parent and Spring Cloud BOM (read from the root pom.xml; the starters' versions
# come from the BOM) and run with the gateway's JVM options (jvm/options.sh gateway <major> local), without AOT cache.
#
#   bench/gateway/stock.sh                                   builds both apps, then runs run.sh with
#                                                            VARIANTS="default stock-webflux stock-webmvc" PARTS=a
#   VARIANTS="stock-webmvc stock-webflux default" bench/gateway/stock.sh      another order (any run.sh setting works)
#   STOCK_BUILD=0 bench/gateway/stock.sh                     reuses the jars already in STOCK_DIR
#   STOCK_RUN=0 bench/gateway/stock.sh                       only builds them
# Settings: STOCK_DIR (sources, jars and the Maven log; /tmp/bench-gateway-stock), JAVA25, and run.sh's.
set -euo pipefail
cd "$(dirname "$0")/../.."

JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
STOCK_DIR=${STOCK_DIR:-/tmp/bench-gateway-stock}
STOCK_BUILD=${STOCK_BUILD:-1}
STOCK_RUN=${STOCK_RUN:-1}

boot_version=$(sed -n '/<parent>/,/<\/parent>/ s/.*<version>\(.*\)<\/version>.*/\1/p' pom.xml | head -n 1)
cloud_version=$(sed -n 's/.*<spring-cloud.version>\(.*\)<\/spring-cloud.version>.*/\1/p' pom.xml | head -n 1)
[ -n "$boot_version" ] && [ -n "$cloud_version" ] || { echo "cannot read the versions from pom.xml" >&2; exit 1; }

# write_app name starter: a pom (Boot parent, Spring Cloud BOM, the starter), the application class; application.yml
# comes on stdin
write_app() {
  local dir="$STOCK_DIR/$1"
  mkdir -p "$dir/src/main/java/bench/stock" "$dir/src/main/resources"
  cat >"$dir/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>$boot_version</version>
    <relativePath/>
  </parent>
  <groupId>bench.stock</groupId>
  <artifactId>$1</artifactId>
  <version>0</version>
  <properties>
    <java.version>17</java.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.springframework.cloud</groupId>
        <artifactId>spring-cloud-dependencies</artifactId>
        <version>$cloud_version</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>org.springframework.cloud</groupId>
      <artifactId>$2</artifactId>
    </dependency>
  </dependencies>
  <build>
    <finalName>$1</finalName>
    <plugins>
      <plugin>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-maven-plugin</artifactId>
      </plugin>
    </plugins>
  </build>
</project>
POM
  cat >"$dir/src/main/java/bench/stock/StockGateway.java" <<'JAVA'
package bench.stock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class StockGateway {

    public static void main(String[] args) {
        SpringApplication.run(StockGateway.class, args);
    }
}
JAVA
  cat >"$dir/src/main/resources/application.yml"
}

if [ "$STOCK_BUILD" = 1 ]; then
  rm -rf "$STOCK_DIR"
  mkdir -p "$STOCK_DIR"
  write_app stock-webflux spring-cloud-starter-gateway-server-webflux <<'YAML'
spring:
  cloud:
    gateway:
      server:
        webflux:
          routes:
            - id: api
              uri: ${stock.backend-uri:http://127.0.0.1:28101}
              predicates:
                - Path=/api/**
YAML
  write_app stock-webmvc spring-cloud-starter-gateway-server-webmvc <<'YAML'
spring:
  threads:
    virtual:
      enabled: true
  cloud:
    gateway:
      server:
        webmvc:
          routes:
            - id: api
              uri: ${stock.backend-uri:http://127.0.0.1:28101}
              predicates:
                - Path=/api/**
YAML
  cat >"$STOCK_DIR/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench.stock</groupId>
  <artifactId>stock-gateways</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <modules>
    <module>stock-webflux</module>
    <module>stock-webmvc</module>
  </modules>
</project>
POM
  echo "building the stock gateways (Spring Boot $boot_version, Spring Cloud $cloud_version) in $STOCK_DIR, log: $STOCK_DIR/build.log"
  if ! JAVA_HOME=$(dirname "$(dirname "$JAVA25")") ./mvnw -B -ntp -q -f "$STOCK_DIR/pom.xml" package -DskipTests \
      >"$STOCK_DIR/build.log" 2>&1; then
    echo "build failed, see $STOCK_DIR/build.log:" >&2
    tail -n 30 "$STOCK_DIR/build.log" >&2
    exit 1
  fi
fi

export STOCK_WEBFLUX_JAR="$STOCK_DIR/stock-webflux/target/stock-webflux.jar"
export STOCK_WEBMVC_JAR="$STOCK_DIR/stock-webmvc/target/stock-webmvc.jar"
for jar in "$STOCK_WEBFLUX_JAR" "$STOCK_WEBMVC_JAR"; do
  [ -f "$jar" ] || { echo "missing $jar" >&2; exit 1; }
  # what each app is made of: the gateway, server and client libraries in the jar
  echo "$(basename "$jar"): $(unzip -Z1 "$jar" 'BOOT-INF/lib/*' | sed 's|BOOT-INF/lib/||; s|\.jar$||' |
    grep -E '^(spring-cloud-gateway|spring-boot-[0-9]|spring-webmvc|spring-webflux|tomcat-embed-core|reactor-netty-http|reactor-core|httpclient5|spring-boot-starter-actuator|spring-cloud-loadbalancer)' |
    sort | tr '\n' ' ')"
done

if [ "$STOCK_RUN" = 1 ]; then
  export VARIANTS=${VARIANTS:-"default stock-webflux stock-webmvc"}
  export PARTS=${PARTS:-a}
  exec bench/gateway/run.sh
fi
