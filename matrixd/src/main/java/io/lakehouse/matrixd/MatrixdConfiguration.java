package io.lakehouse.matrixd;

import io.lakehouse.matrixd.match.MatchService;
import io.lakehouse.matrixd.match.VectordItems;
import io.lakehouse.matrixd.peer.Peers;
import io.lakehouse.matrixd.search.Fanout;
import io.lakehouse.matrixd.search.SearchRequestParser;
import io.lakehouse.matrixd.search.SourceMetrics;
import io.lakehouse.matrixd.search.SourceRunner;
import io.lakehouse.shared.peer.PeerClients;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires the fan-out (virtual threads), the peers and the match service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MatrixdProperties.class)
class MatrixdConfiguration {

    /** One virtual thread per source call or batch: the work is waiting on peers. Closed (joined) at shutdown. */
    @Bean(destroyMethod = "close")
    ExecutorService matrixdExecutor() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("matrixd-", 0).factory());
    }

    @Bean
    Peers peers(PeerClients clients) {
        return new Peers(clients);
    }

    @Bean
    SearchRequestParser searchRequestParser(MatrixdProperties props) {
        return new SearchRequestParser(props.search());
    }

    @Bean
    Fanout fanout(ExecutorService matrixdExecutor, Peers peers, JsonMapper json, MeterRegistry meters) {
        return new Fanout(matrixdExecutor, new SourceRunner(peers, json), new SourceMetrics(meters));
    }

    @Bean
    MatchService matchService(ExecutorService matrixdExecutor, Peers peers, JsonMapper json, MatrixdProperties props,
                              MeterRegistry meters) {
        return new MatchService(new VectordItems(peers, json), props.match(), matrixdExecutor, json, meters);
    }
}
