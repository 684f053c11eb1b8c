package io.lakehouse.queryd.lake;

import io.lakehouse.shared.web.ApiException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/tables[/{name}]} and {@code POST /v1/refresh}. */
@RestController
class TablesController {
    private final LakeCatalog catalog;
    private final RefreshTicker ticker;

    TablesController(LakeCatalog catalog, RefreshTicker ticker) {
        this.catalog = catalog;
        this.ticker = ticker;
    }

    @GetMapping("/v1/tables")
    List<TableInfo> tables() {
        return catalog.tables();
    }

    @GetMapping("/v1/tables/{name}")
    TableInfo table(@PathVariable String name) {
        if (!LakeCatalog.NAME.matcher(name).matches()) {
            throw ApiException.badRequest("table name '" + name + "' does not match ^[a-z][a-z0-9_]{0,62}$");
        }
        return catalog.table(name).orElseThrow(() -> ApiException.notFound("no table named '" + name + "'"));
    }

    @PostMapping("/v1/refresh")
    List<TableInfo> refresh() throws IOException, SQLException {
        return ticker.refreshNow();
    }
}
