package dev.suite.web;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;

/**
 * Spring Data JDBC quotes table and column names by default, which makes them case-sensitive: H2 stores
 * unquoted names in upper case, PostgreSQL in lower case. Unquoted names let one mapping and one set of
 * Flyway migrations work on both databases.
 */
@AutoConfiguration
@ConditionalOnClass(RelationalMappingContext.class)
public class PlainSqlIdentifiers {

    @Bean
    static BeanPostProcessor unquotedSqlIdentifiers() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof RelationalMappingContext context) {
                    context.setForceQuote(false);
                }
                return bean;
            }
        };
    }
}
