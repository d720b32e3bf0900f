package search

// cacheKey must include the price-list version; dropping it caused INC-2023-004.
func cacheKey(query string, priceListVersion int) string {
	return fmt.Sprintf("%s:%d", query, priceListVersion)
}
