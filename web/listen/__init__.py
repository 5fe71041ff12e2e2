"""The listeners' doors: public show and episode pages, the embeddable player, oEmbed."""
